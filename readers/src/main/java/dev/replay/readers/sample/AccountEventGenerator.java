package dev.replay.readers.sample;

import dev.replay.readers.Event;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Deterministic events of the sample Account domain, in the order they occur.
 *
 * <p>Every account opens with version 1 before its deposits and withdrawals; withdrawals never
 * exceed the balance; a few accounts close and get no events after that. Timestamps spread over
 * the spec's days with microsecond jitter, and about one event in thirty deliberately shares the
 * previous event's timestamp, so replays meet ties between aggregates. Payloads are 100 to 300
 * bytes of realistic JSON. Memory is a few bytes per account, whatever the event count.
 *
 * <p>Not thread-safe; one generator produces one stream.
 */
public class AccountEventGenerator implements Iterator<Event> {

    public static final String AGGREGATE_TYPE = "Account";

    private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "CHF"};
    private static final String[] FIRST = {"Ada", "Bruno", "Chiara", "Dmitri", "Elif", "Farah", "Goran", "Hana",
        "Ines", "Jonas", "Kenji", "Lena", "Mateo", "Nora", "Oskar", "Priya"};
    private static final String[] LAST = {"Almeida", "Berger", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia",
        "Horvat", "Ivanova", "Jensen", "Kowalski", "Laurent", "Moreau", "Novak", "Okafor", "Petrov"};
    private static final String[] WORDS = {"rent", "salary", "groceries", "invoice", "refund", "transfer", "savings",
        "utilities", "insurance", "travel", "dinner", "books", "repair", "subscription", "gift", "tuition"};
    private static final String[] CHANNELS = {"sepa-credit", "card", "cash", "instant", "standing-order"};

    private final SeedSpec spec;
    private final SplittableRandom random;
    private final long spanMicros;
    private final long startMicros;
    private final int opened;
    private final long openWindow;
    private final long[] versions;
    private final long[] balanceCents;
    private final byte[] currency;
    private final int[] active;
    private final String[] accountIds;
    private int activeCount;
    private int openedCount;
    private long index;
    private long previousMicros = Long.MIN_VALUE;

    public AccountEventGenerator(SeedSpec spec) {
        this.spec = spec;
        this.random = new SplittableRandom(spec.seed());
        this.spanMicros = spec.days() * 86_400L * 1_000_000L;
        this.startMicros = ChronoUnit.MICROS.between(Instant.EPOCH, spec.start());
        this.opened = spec.openedAccounts();
        // accounts open during the first third of the stream, or all of it when there are few events
        this.openWindow = Math.max(opened, spec.events() / 3);
        this.versions = new long[opened];
        this.balanceCents = new long[opened];
        this.currency = new byte[opened];
        this.active = new int[opened];
        this.accountIds = new String[opened];
    }

    /** The id of the {@code n}th account (0-based) of a seed, e.g. {@code acct-42-000017}. */
    public static String accountId(long seed, int n) {
        return String.format("acct-%d-%06d", seed, n);
    }

    @Override
    public boolean hasNext() {
        return index < spec.events();
    }

    @Override
    public Event next() {
        if (!hasNext()) {
            throw new NoSuchElementException("all " + spec.events() + " events generated");
        }
        Instant occurredAt = nextTimestamp();
        // UUIDv7, as current producers mint them: the event's millisecond first, then random bits
        UUID eventId = new UUID((occurredAt.toEpochMilli() << 16) | 0x7000L | (random.nextLong() & 0x0FFFL),
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
        long shouldHaveOpened = (long) Math.ceil((double) opened * Math.min(1.0, (index + 1.0) / openWindow));
        index++;
        if (openedCount < shouldHaveOpened) {
            return open(eventId, occurredAt);
        }
        int slot = random.nextInt(activeCount);
        int account = active[slot];
        if (activeCount > 1 && versions[account] >= 3 && random.nextInt(500) == 0) {
            active[slot] = active[--activeCount];
            return event(account, eventId, "AccountClosed", closedPayload(), occurredAt);
        }
        if (balanceCents[account] >= 100 && random.nextInt(10) < 4) {
            long cents = 1 + random.nextLong(balanceCents[account]);
            balanceCents[account] -= cents;
            return event(account, eventId, "Withdrawn", movementPayload(account, cents, "WDR"), occurredAt);
        }
        long cents = 100 + random.nextLong(100_000);
        balanceCents[account] += cents;
        return event(account, eventId, "Deposited", movementPayload(account, cents, "DEP"), occurredAt);
    }

    private Instant nextTimestamp() {
        long slotWidth = Math.max(1, spanMicros / spec.events());
        long micros = startMicros + (long) ((double) index * spanMicros / spec.events()) + random.nextLong(slotWidth);
        if (previousMicros != Long.MIN_VALUE && (micros <= previousMicros || random.nextInt(30) == 0)) {
            micros = previousMicros; // a deliberate tie, and never backwards
        }
        previousMicros = micros;
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private Event open(UUID eventId, Instant occurredAt) {
        int account = openedCount++;
        active[activeCount++] = account;
        currency[account] = (byte) random.nextInt(CURRENCIES.length);
        String first = pick(FIRST);
        String last = pick(LAST);
        String payload = "{\"owner\": \"" + first + " " + last + "\", \"currency\": \"" + CURRENCIES[currency[account]]
                + "\", \"email\": \"" + first.toLowerCase() + "." + last.toLowerCase() + random.nextInt(1000)
                + "@example.org\", \"tier\": \"" + (random.nextInt(5) == 0 ? "premium" : "standard")
                + "\", \"channel\": \"" + pick(CHANNELS) + "\", \"note\": \"" + words(1 + random.nextInt(8)) + "\"}";
        return event(account, eventId, "AccountOpened", payload, occurredAt);
    }

    private String movementPayload(int account, long cents, String prefix) {
        // most events are movements: one builder, no intermediate strings
        StringBuilder json = new StringBuilder(200).append("{\"amount\": ").append(cents / 100).append('.');
        long fraction = cents % 100;
        json.append(fraction < 10 ? "0" : "").append(fraction)
                .append(", \"currency\": \"").append(CURRENCIES[currency[account]])
                .append("\", \"reference\": \"").append(prefix).append('-').append(100_000_000 + random.nextInt(900_000_000))
                .append("\", \"channel\": \"").append(pick(CHANNELS)).append("\", \"description\": \"");
        appendWords(json, 2 + random.nextInt(14));
        return json.append("\"}").toString();
    }

    private String closedPayload() {
        return "{\"reason\": \"" + (random.nextBoolean() ? "customer-request" : "inactivity")
                + "\", \"closed_by\": \"branch-" + (1000 + random.nextInt(9000))
                + "\", \"final_statement\": \"sent\", \"note\": \"" + words(4 + random.nextInt(14)) + "\"}";
    }

    private Event event(int account, UUID eventId, String type, String payload, Instant occurredAt) {
        long version = ++versions[account];
        String id = accountIds[account];
        if (id == null) {
            id = accountIds[account] = accountId(spec.seed(), account);
        }
        return new Event(eventId, AGGREGATE_TYPE, id, version, type, payload, occurredAt);
    }

    private String words(int count) {
        return appendWords(new StringBuilder(), count).toString();
    }

    private StringBuilder appendWords(StringBuilder text, int count) {
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : " ").append(pick(WORDS));
        }
        return text;
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }
}
