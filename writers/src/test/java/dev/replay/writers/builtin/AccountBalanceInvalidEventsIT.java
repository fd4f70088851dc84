package dev.replay.writers.builtin;

import static dev.replay.writers.TestEvents.deposited;
import static dev.replay.writers.TestEvents.event;
import static dev.replay.writers.TestEvents.opened;
import static dev.replay.writers.TestEvents.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.CheckpointHandoff;
import dev.replay.readers.Event;
import dev.replay.readers.testing.TestDatabase;
import dev.replay.readers.upcast.Upcasters;
import dev.replay.readers.upcast.UpcastingException;
import dev.replay.writers.BuildFoldPolicy;
import dev.replay.writers.InvalidEventException;
import dev.replay.writers.ProjectedEvent;
import dev.replay.writers.ProjectionItemWriter;
import dev.replay.writers.ReadModelBuilds;
import dev.replay.writers.ReadModelTarget;
import dev.replay.writers.builder.ProjectionItemWriterBuilder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Events whose payloads break account-balances' arithmetic, through the writer with and without
 * {@code skipInvalid}, in both modes: live (catch-up) chunks and a build whose fold spans chunks.
 */
class AccountBalanceInvalidEventsIT {

    private final TestDatabase database = TestDatabase.create();
    private final JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
    private final TransactionTemplate transaction =
            new TransactionTemplate(new JdbcTransactionManager(database.dataSource()));
    private final AccountBalanceProjection projection = new AccountBalanceProjection();
    private final ReadModelBuilds builds = new ReadModelBuilds(database.dataSource(), 1);

    /** The stream: valid accounts, and per bad payload an account whose third event carries it. */
    private final List<Event> events = new ArrayList<>();
    /** The bad events and a piece of the reason each must be dead-lettered with. */
    private final Map<UUID, String> bad = new LinkedHashMap<>();

    record Row(BigDecimal balance, long version) {
    }

    AccountBalanceInvalidEventsIT() {
        String[][] payloads = {
            {"Deposited", "{\"amount\": 1e20}", "amount must be at most 9999999999999999.99, was 100000000000000000000"},
            {"Deposited", "{\"amount\": \"abc\"}", "amount must be a JSON number or an object with a decimal value, was \"abc\""},
            {"Deposited", "{\"amount\": -1e400}", "amount must not be negative, was -1E+400"},
            {"Deposited", "{\"amount\": 1e400}", "amount must be at most 9999999999999999.99, was 1E+400"},
            {"Deposited", "{\"amount\": null}", "was null"},
            {"Deposited", "{}", "was missing"},
            {"Deposited", "[1, 2]", "payload must be a JSON object, was [1,2]"},
            {"Withdrawn", "{\"amount\": 1e20}", "amount must be at most 9999999999999999.99, was 100000000000000000000"},
            {"Withdrawn", "{\"amount\": \"abc\"}", "was \"abc\""},
            {"Withdrawn", "\"5.00\"", "payload must be a JSON object, was \"5.00\""},
            {"AccountOpened", "{\"owner\": 42}", "owner must be a JSON string, was 42"},
            {"AccountOpened", "{\"owner\": \"Ada\", \"currency\": \"euro\"}", "currency must be a three-letter code"},
        };
        for (int i = 0; i < payloads.length; i++) {
            String account = "bad-" + i;
            Event badEvent = event(account, 3, payloads[i][0], payloads[i][1]);
            events.addAll(List.of(opened(account), deposited(account, 2, "10.00"), badEvent,
                    deposited(account, 4, "5.00"), withdrawn(account, 5, "2.00")));
            bad.put(badEvent.eventId(), payloads[i][2]);
        }
        for (int i = 0; i < 30; i++) {
            events.addAll(List.of(opened("good-" + i), deposited("good-" + i, 2, i + ".25")));
        }
        // many large deposits, each valid: the one that would take the balance past 9999999999999999.99 is refused
        Event overflow = deposited("whale", 3, "6000000000000000");
        events.addAll(List.of(opened("whale"), deposited("whale", 2, "6000000000000000"), overflow,
                withdrawn("whale", 4, "1000000000000000"), deposited("whale", 5, "4000000000000000.50")));
        bad.put(overflow.eventId(), "balance of account whale would leave the range ±9999999999999999.99:"
                + " 6000000000000000.00 + 6000000000000000.00");
        // the same, its events far apart: the fold wrote the first deposit before it meets the second
        Event late = deposited("whale-2", 3, "5000000000000000");
        events.addAll(0, List.of(opened("whale-2"), deposited("whale-2", 2, "5000000000000000")));
        events.addAll(List.of(late, withdrawn("whale-2", 4, "0.01")));
        bad.put(late.eventId(), "balance of account whale-2 would leave the range");
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** What the read model must hold: every account folded from its valid events only, in plain Java. */
    private Map<String, Row> expected() {
        Map<String, Row> rows = new HashMap<>();
        for (Event event : events) {
            if (bad.containsKey(event.eventId())) {
                continue;
            }
            BigDecimal amount = switch (event.eventType()) {
                case "Deposited" -> ProjectedEvent.DEFAULT_MAPPER.readTree(event.payload()).get("amount").decimalValue();
                case "Withdrawn" -> ProjectedEvent.DEFAULT_MAPPER.readTree(event.payload()).get("amount").decimalValue().negate();
                default -> BigDecimal.ZERO;
            };
            rows.merge(event.aggregateId(), new Row(amount, event.version()),
                    (before, now) -> new Row(before.balance().add(now.balance()), now.version()));
        }
        rows.replaceAll((id, row) -> new Row(row.balance().setScale(2), row.version()));
        return rows;
    }

    private Map<String, Row> rows(String table) {
        Map<String, Row> rows = new HashMap<>();
        jdbc.query("select account_id, balance, version from " + table, rs -> {
            rows.put(rs.getString(1), new Row(rs.getBigDecimal(2), rs.getLong(3)));
        });
        return rows;
    }

    private Map<UUID, String> deadLetters() {
        Map<UUID, String> letters = new HashMap<>();
        jdbc.query("select event_id, error from replay_dead_letter", rs -> {
            letters.put(rs.getObject(1, UUID.class), rs.getString(2));
        });
        return letters;
    }

    private void assertEveryBadEventDeadLetteredOnceWithItsReason() {
        Map<UUID, String> letters = deadLetters();
        assertThat(letters).containsOnlyKeys(bad.keySet());
        bad.forEach((id, reason) -> assertThat(letters.get(id)).contains(id.toString()).contains(reason));
    }

    /** Writes the stream in chunks, one transaction each, as a step does. */
    private void write(ProjectionItemWriter writer, int chunkSize) {
        for (int from = 0; from < events.size(); from += chunkSize) {
            Chunk<Event> chunk = new Chunk<>(events.subList(from, Math.min(events.size(), from + chunkSize)));
            transaction.executeWithoutResult(status -> writer.write(chunk));
        }
    }

    private ProjectionItemWriter foldingWriter(ReadModelTarget build, boolean skipInvalid, int flushEvents) {
        int[] written = {0};
        ProjectionItemWriter writer = new ProjectionItemWriter(projection, build, skipInvalid,
                ProjectedEvent.DEFAULT_MAPPER,
                new BuildFoldPolicy(new CheckpointHandoff(), () -> written[0] >= events.size(), flushEvents, 1_000),
                Upcasters.none()) {
            @Override
            public void write(Chunk<? extends Event> chunk) {
                written[0] += chunk.size();
                super.write(chunk);
            }
        };
        writer.open(new ExecutionContext());
        return writer;
    }

    @Nested
    @DisplayName("Issue 12 defect 6: with skip-invalid, payloads that break arithmetic are dead-lettered and the rest applies")
    class SkipInvalid {

        @Test
        void inLiveChunks() {
            // given
            ReadModelTarget live = ReadModelTarget.direct(jdbc, projection);
            projection.createTables(live);
            ProjectionItemWriter writer = new ProjectionItemWriterBuilder().projection(projection).target(live)
                    .skipInvalid(true).build();

            // when
            write(writer, 7);

            // then
            assertEveryBadEventDeadLetteredOnceWithItsReason();
            assertThat(rows("account_balance")).isEqualTo(expected());
            assertThat(rows("account_balance").get("whale").balance()).isEqualByComparingTo("9000000000000000.50");
        }

        @Test
        void inLiveChunksWrittenAgainNothingIsDoubled() {
            // given
            ReadModelTarget live = ReadModelTarget.direct(jdbc, projection);
            projection.createTables(live);
            ProjectionItemWriter writer = new ProjectionItemWriterBuilder().projection(projection).target(live)
                    .skipInvalid(true).build();
            write(writer, 7);

            // when: every chunk again, as after a crash between the write and the checkpoint
            write(writer, 7);

            // then
            assertEveryBadEventDeadLetteredOnceWithItsReason();
            assertThat(rows("account_balance")).isEqualTo(expected());
        }

        @Test
        void inABuildWhoseFoldSpansChunksAndFlushes() {
            // given: chunks of 7, the fold written every 20 events, so whale-2's deposits fall into different writes
            ReadModelTarget build = builds.startBuild(projection);
            ProjectionItemWriter writer = foldingWriter(build, true, 20);

            // when
            write(writer, 7);
            builds.swap(projection, build.build(), "hwm");

            // then
            assertEveryBadEventDeadLetteredOnceWithItsReason();
            assertThat(rows("account_balance")).isEqualTo(expected());
        }

        @Test
        void inABuildWrittenChunkByChunk() {
            // given
            ReadModelTarget build = builds.startBuild(projection);
            ProjectionItemWriter writer = new ProjectionItemWriterBuilder().projection(projection).target(build)
                    .skipInvalid(true).build();

            // when
            write(writer, 5);
            builds.swap(projection, build.build(), "hwm");

            // then
            assertEveryBadEventDeadLetteredOnceWithItsReason();
            assertThat(rows("account_balance")).isEqualTo(expected());
        }

        @Test
        void aFailingUpcasterIsDeadLetteredNamingTheUpcaster() {
            // given
            ReadModelTarget live = ReadModelTarget.direct(jdbc, projection);
            projection.createTables(live);
            ProjectionItemWriter writer = new ProjectionItemWriterBuilder().projection(projection).target(live)
                    .skipInvalid(true).upcasters(new Upcasters(List.of(new DepositedAmountUpcaster()))).build();
            Event unreadable = event("u-1", 2, "Deposited", "{\"amount\": \"abc\"}");

            // when
            transaction.executeWithoutResult(status -> writer.write(Chunk.of(opened("u-1"), unreadable,
                    deposited("u-1", 3, "1.50"))));

            // then
            assertThat(deadLetters()).containsOnlyKeys(unreadable.eventId());
            assertThat(deadLetters().get(unreadable.eventId())).contains("upcaster [DepositedAmountUpcaster] failed",
                    "amount must be a JSON number, was \"abc\"");
            assertThat(rows("account_balance")).containsEntry("u-1", new Row(new BigDecimal("1.50"), 3));
        }
    }

    @Nested
    @DisplayName("Issue 12 defect 6: without skip-invalid, payloads that break arithmetic fail the chunk naming the event")
    class FailFast {

        @Test
        void inLiveChunks() {
            ReadModelTarget live = ReadModelTarget.direct(jdbc, projection);
            projection.createTables(live);
            ProjectionItemWriter writer = new ProjectionItemWriterBuilder().projection(projection).target(live)
                    .skipInvalid(false).build();
            Event overflow = deposited("a-1", 3, "9999999999999999");
            List<Event> chunk = List.of(opened("a-1"), deposited("a-1", 2, "1.00"), overflow);

            assertThatThrownBy(() -> transaction.executeWithoutResult(status -> writer.write(new Chunk<>(chunk))))
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining("Invalid event " + overflow.eventId() + " of type Deposited (Account a-1 v3)")
                    .hasMessageContaining("balance of account a-1 would leave the range");
            assertThat(rows("account_balance")).isEmpty();
        }

        @Test
        void inABuildsFold() {
            ReadModelTarget build = builds.startBuild(projection);
            ProjectionItemWriter writer = foldingWriter(build, false, 20);
            UUID first = bad.keySet().iterator().next();

            assertThatThrownBy(() -> write(writer, 7))
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining("Invalid event " + first + " of type Deposited (Account bad-0 v3)")
                    .hasMessageContaining("amount must be at most 9999999999999999.99, was 100000000000000000000");
        }

        @Test
        void aFailingUpcasterFailsNamingTheUpcasterAndTheEvent() {
            ReadModelTarget live = ReadModelTarget.direct(jdbc, projection);
            projection.createTables(live);
            ProjectionItemWriter writer = new ProjectionItemWriterBuilder().projection(projection).target(live)
                    .skipInvalid(false).upcasters(new Upcasters(List.of(new DepositedAmountUpcaster()))).build();
            Event unreadable = event("u-1", 2, "Deposited", "{\"amount\": \"abc\"}");

            assertThatThrownBy(() -> writer.write(Chunk.of(unreadable)))
                    .isInstanceOf(UpcastingException.class)
                    .hasMessageContaining("Upcaster [DepositedAmountUpcaster] failed on event " + unreadable.eventId());
        }
    }
}
