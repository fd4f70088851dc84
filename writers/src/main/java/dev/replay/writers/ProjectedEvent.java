package dev.replay.writers;

import dev.replay.readers.Event;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * An event as a projection sees it: the event's fields plus typed access to its JSON payload.
 *
 * <p>The payload is parsed lazily, once, on the first call of {@link #json()} or
 * {@link #payload(Class)}; the tree is then cached. Decimal numbers are read as
 * {@link java.math.BigDecimal}, never through {@code double}, so {@code json().get("amount").decimalValue()}
 * is exact. A payload that is not valid JSON, or does not map to the requested class, raises an
 * {@link InvalidEventException} naming the event id, the type and the parse error.
 *
 * <p>Not thread-safe: one instance belongs to one chunk on one thread.
 *
 * <p><b>Published SPI: source- and binary-compatible from version 0.1; additions only, with defaults.</b>
 * The SPI is {@code dev.replay.writers.Projection}, {@code ProjectedEvent}, {@code ReadModelTarget},
 * {@code dev.replay.readers.Event} and {@code dev.replay.readers.upcast.Upcaster}, what a plugin jar is
 * compiled against; no other class of the platform is part of it.
 */
public final class ProjectedEvent {

    /** The mapper used when none is given: BigDecimal for decimals, unknown properties ignored. */
    public static final ObjectMapper DEFAULT_MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** How much of a bad value an error message quotes. */
    static final int DESCRIBED_CHARS = 100;

    private final Event event;
    private final ObjectMapper mapper;
    private JsonNode json;
    private String decimalName;
    private Optional<BigDecimal> decimal;

    public ProjectedEvent(Event event, ObjectMapper mapper) {
        this.event = Objects.requireNonNull(event, "event");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    public ProjectedEvent(Event event) {
        this(event, DEFAULT_MAPPER);
    }

    /** The payload as a JSON tree, parsed on first use. */
    public JsonNode json() {
        if (json == null) {
            json = parse();
        }
        return json;
    }

    /** The payload mapped to {@code type}, e.g. a record with the fields the projection needs. */
    public <T> T payload(Class<T> type) {
        try {
            return mapper.treeToValue(json(), type);
        } catch (JacksonException e) {
            throw new InvalidEventException(event, "payload does not map to " + type.getSimpleName()
                    + ": " + e.getOriginalMessage(), e);
        }
    }

    private JsonNode parse() {
        JsonNode tree;
        try {
            tree = mapper.readTree(event.payload());
        } catch (JacksonException e) {
            throw new InvalidEventException(event, "malformed JSON payload: " + e.getOriginalMessage(), e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new InvalidEventException(event, "empty payload");
        }
        return tree;
    }

    /**
     * The top-level field {@code name} when it is a JSON number, read with a streaming parser that
     * checks the whole payload is one well-formed JSON object without building a tree: the fast
     * path for projections that need one number per event.
     *
     * @return the number, or empty when the field is absent or not a number
     * @throws InvalidEventException when the payload is not one well-formed JSON object
     */
    public Optional<BigDecimal> topLevelDecimal(String name) {
        if (!name.equals(decimalName)) {
            decimal = readTopLevelDecimal(name); // validate() and apply() both ask: parse once
            decimalName = name;
        }
        return decimal;
    }

    private Optional<BigDecimal> readTopLevelDecimal(String name) {
        if (json == null) {
            Optional<BigDecimal> scanned = TopLevelNumberScanner.find(event.payload(), name);
            if (scanned != null) {
                return scanned;
            }
        }
        if (json != null) {
            JsonNode field = json.get(name);
            return field != null && field.isNumber() ? Optional.of(field.decimalValue()) : Optional.empty();
        }
        try (JsonParser parser = mapper.createParser(event.payload())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidEventException(event, "payload must be a JSON object, was " + describe(json()));
            }
            BigDecimal found = null;
            for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
                boolean wanted = name.equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (wanted && value.isNumeric()) {
                    found = parser.getDecimalValue();
                } else if (value.isStructStart()) {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new InvalidEventException(event, "malformed JSON payload: trailing content");
            }
            return Optional.ofNullable(found);
        } catch (JacksonException e) {
            throw new InvalidEventException(event, "malformed JSON payload: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The top-level field {@code name} when it is a JSON string, found like {@link #topLevelDecimal}
     * without a tree when it holds no escape.
     *
     * @return the string, or empty when the field is absent
     * @throws InvalidEventException when the payload is not one well-formed JSON object, or the field
     *         is there but is not a string (the message names the field and its value)
     */
    public Optional<String> topLevelString(String name) {
        long span = json == null ? TopLevelNumberScanner.span(event.payload(), name) : TopLevelNumberScanner.GIVE_UP;
        if (span == TopLevelNumberScanner.ABSENT) {
            return Optional.empty();
        }
        if (span != TopLevelNumberScanner.GIVE_UP) {
            String payload = event.payload();
            int start = (int) (span >>> 32);
            int end = (int) span;
            int backslash = payload.indexOf('\\', start);
            if (payload.charAt(start) == '"' && (backslash < 0 || backslash >= end)) {
                return Optional.of(payload.substring(start + 1, end - 1));
            }
        }
        if (!json().isObject()) {
            throw new InvalidEventException(event, "payload must be a JSON object, was " + describe(json()));
        }
        JsonNode field = json().get(name);
        if (field == null) {
            return Optional.empty();
        }
        if (!field.isString()) {
            throw new InvalidEventException(event, name + " must be a JSON string, was " + describe(field));
        }
        return Optional.of(field.stringValue());
    }

    /**
     * A JSON value as an error message shows it: its JSON text, cut after {@value #DESCRIBED_CHARS}
     * characters; {@code missing} for none.
     */
    public static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "missing";
        }
        String text = value.toString();
        return text.length() <= DESCRIBED_CHARS ? text : text.substring(0, DESCRIBED_CHARS) + "... ("
                + text.length() + " characters)";
    }

    public Event event() {
        return event;
    }

    public UUID eventId() {
        return event.eventId();
    }

    public String aggregateType() {
        return event.aggregateType();
    }

    public String aggregateId() {
        return event.aggregateId();
    }

    public long version() {
        return event.version();
    }

    public String eventType() {
        return event.eventType();
    }

    public Instant occurredAt() {
        return event.occurredAt();
    }

    public int schemaVersion() {
        return event.schemaVersion();
    }

    @Override
    public String toString() {
        return "ProjectedEvent[" + event.eventType() + " " + event.eventId() + "]";
    }
}
