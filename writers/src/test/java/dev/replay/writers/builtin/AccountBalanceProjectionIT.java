package dev.replay.writers.builtin;

import static dev.replay.writers.TestEvents.closed;
import static dev.replay.writers.TestEvents.deposited;
import static dev.replay.writers.TestEvents.event;
import static dev.replay.writers.TestEvents.opened;
import static dev.replay.writers.TestEvents.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.Event;
import dev.replay.readers.sample.AccountEventGenerator;
import dev.replay.readers.sample.SeedSpec;
import dev.replay.readers.testing.TestDatabase;
import dev.replay.readers.upcast.Upcasters;
import dev.replay.writers.InvalidEventException;
import dev.replay.writers.ProjectionItemWriter;
import dev.replay.writers.ReadModelBuilds;
import dev.replay.writers.ReadModelTarget;
import dev.replay.writers.builder.ProjectionItemWriterBuilder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.jdbc.core.JdbcTemplate;

class AccountBalanceProjectionIT {

    private static final Pattern AMOUNT = Pattern.compile("\"amount\":\\s*([0-9.]+)");

    private final TestDatabase database = TestDatabase.create();
    private final JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
    private final AccountBalanceProjection projection = new AccountBalanceProjection();
    private final ReadModelBuilds builds = new ReadModelBuilds(database.dataSource());

    record Row(BigDecimal balance, String status, long version, Instant updatedAt) {
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void balancesOfAGeneratedStreamEqualAnIndependentFold() {
        // given
        List<Event> events = new ArrayList<>();
        new AccountEventGenerator(new SeedSpec(30_000, 400, 3, 42, Instant.parse("2026-01-01T00:00:00Z")))
                .forEachRemaining(events::add);
        ReadModelTarget target = builds.startBuild(projection);
        ProjectionItemWriter writer = new ProjectionItemWriterBuilder().projection(projection).target(target).build();

        // when
        for (int from = 0; from < events.size(); from += 1_000) {
            writer.write(new Chunk<>(events.subList(from, Math.min(events.size(), from + 1_000))));
        }
        builds.swap(projection, target.build(), "hwm");

        // then
        Map<String, Row> expected = fold(events);
        assertThat(expected.values()).anyMatch(row -> row.status().equals("closed"));
        assertThat(rows("account_balance")).isEqualTo(expected);
    }

    @Test
    void balancesAreTheSameWhetherDepositsAreUpcastToVersionTwoOrNot() {
        // given: the same stream twice, the second with every other Deposited upcast to {"value", "currency"}
        List<Event> v1 = new ArrayList<>();
        new AccountEventGenerator(new SeedSpec(10_000, 200, 3, 7, Instant.parse("2026-01-01T00:00:00Z")))
                .forEachRemaining(v1::add);
        Upcasters upcasters = new Upcasters(List.of(new DepositedAmountUpcaster()));
        List<Event> mixed = new ArrayList<>();
        for (int i = 0; i < v1.size(); i++) {
            mixed.add(i % 2 == 0 ? upcasters.upcast(v1.get(i)) : v1.get(i));
        }
        assertThat(mixed).anyMatch(event -> event.schemaVersion() == 2 && event.payload().contains("\"value\""));

        // when
        ReadModelTarget target = builds.startBuild(projection);
        ProjectionItemWriter writer = new ProjectionItemWriterBuilder().projection(projection).target(target).build();
        for (int from = 0; from < mixed.size(); from += 1_000) {
            writer.write(new Chunk<>(mixed.subList(from, Math.min(mixed.size(), from + 1_000))));
        }
        builds.swap(projection, target.build(), "hwm");

        // then
        assertThat(rows("account_balance")).isEqualTo(fold(v1));
    }

    @Test
    void acceptsAnAmountAsANumberOrAsAValueObject() {
        // given
        ReadModelTarget target = directTarget();

        // when
        write(target, opened("a-1"), deposited("a-1", 2, "10.05"),
                event("a-1", 3, "Deposited", "{\"amount\": {\"value\": \"2.50\", \"currency\": \"EUR\"}}"),
                event("a-1", 4, "Withdrawn", "{\"amount\": {\"value\": 1.25, \"currency\": \"EUR\"}}"),
                withdrawn("a-1", 5, "0.30"));

        // then
        assertThat(rows("account_balance").get("a-1").balance()).isEqualByComparingTo("11.00");
    }

    @Test
    void failsOnAValueObjectWithoutADecimalValueNamingTheEvent() {
        // given
        ReadModelTarget target = directTarget();
        Event bad = event("a-1", 2, "Deposited", "{\"amount\": {\"value\": \"lots\", \"currency\": \"EUR\"}}");

        // when / then
        assertThatThrownBy(() -> write(target, opened("a-1"), bad))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(bad.eventId().toString())
                .hasMessageContaining("amount must be a JSON number or an object with a decimal value,"
                        + " was {\"value\":\"lots\",\"currency\":\"EUR\"}");
    }

    @Test
    void closingAnAccountSetsItsStatusVersionAndTimestamp() {
        // given
        ReadModelTarget target = directTarget();
        Event close = closed("a-1", 3);

        // when
        write(target, opened("a-1"), deposited("a-1", 2, "10.00"), close);

        // then
        assertThat(rows("account_balance")).containsExactly(Map.entry("a-1",
                new Row(new BigDecimal("10.00"), "closed", 3, close.occurredAt())));
    }

    @Test
    void reappliedChunkDoesNotDoubleCount() {
        // given
        ReadModelTarget target = directTarget();
        write(target, opened("a-1"), deposited("a-1", 2, "10.00"));
        List<Event> chunk = List.of(deposited("a-1", 3, "5.25"), withdrawn("a-1", 4, "1.25"), opened("a-2"));

        // when
        write(target, chunk.toArray(Event[]::new));
        write(target, chunk.toArray(Event[]::new));

        // then
        Map<String, Row> rows = rows("account_balance");
        assertThat(rows.get("a-1").balance()).isEqualByComparingTo("14.00");
        assertThat(rows.get("a-1").version()).isEqualTo(4);
        assertThat(rows.get("a-2").balance()).isEqualByComparingTo("0");
    }

    @Test
    void failsOnAMovementWithoutANumericAmountNamingTheEvent() {
        // given
        ReadModelTarget target = directTarget();
        Event bad = event("a-1", 2, "Deposited", "{\"amount\": \"12.34\"}");

        // when / then
        assertThatThrownBy(() -> write(target, opened("a-1"), bad))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(bad.eventId().toString())
                .hasMessageContaining("amount must be a JSON number or an object with a decimal value, was \"12.34\"");
    }

    @Test
    void failsWhenAnAccountsVersionsRegressWithinAChunk() {
        // given
        ReadModelTarget target = directTarget();

        // when / then
        assertThatThrownBy(() -> write(target, opened("a-1"), deposited("a-1", 3, "1"), deposited("a-1", 2, "1")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a-1")
                .hasMessageContaining("from 3 to 2");
    }

    private ReadModelTarget directTarget() {
        ReadModelTarget target = ReadModelTarget.direct(jdbc, projection);
        projection.createTables(target);
        return target;
    }

    private void write(ReadModelTarget target, Event... events) {
        new ProjectionItemWriterBuilder().projection(projection).target(target).build().write(Chunk.of(events));
    }

    private Map<String, Row> rows(String table) {
        Map<String, Row> rows = new HashMap<>();
        jdbc.query("select * from " + table, rs -> {
            rows.put(rs.getString("account_id"), new Row(rs.getBigDecimal("balance"), rs.getString("status"),
                    rs.getLong("version"), rs.getTimestamp("updated_at").toInstant()));
        });
        return rows;
    }

    /** The expected read model, folded here without the projection's code. */
    private static Map<String, Row> fold(List<Event> events) {
        Map<String, Row> rows = new HashMap<>();
        for (Event event : events) {
            Row row = rows.getOrDefault(event.aggregateId(), new Row(new BigDecimal("0.00"), "open", 0, null));
            BigDecimal balance = row.balance();
            String status = row.status();
            switch (event.eventType()) {
                case "Deposited" -> balance = balance.add(amount(event));
                case "Withdrawn" -> balance = balance.subtract(amount(event));
                case "AccountClosed" -> status = "closed";
                default -> { }
            }
            rows.put(event.aggregateId(), new Row(balance, status, event.version(), event.occurredAt()));
        }
        return rows;
    }

    private static BigDecimal amount(Event event) {
        Matcher matcher = AMOUNT.matcher(event.payload());
        assertThat(matcher.find()).as("amount in %s", event.payload()).isTrue();
        return new BigDecimal(matcher.group(1));
    }
}
