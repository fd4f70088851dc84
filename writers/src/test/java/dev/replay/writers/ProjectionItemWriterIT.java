package dev.replay.writers;

import static dev.replay.writers.TestEvents.deposited;
import static dev.replay.writers.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.Event;
import dev.replay.readers.testing.TestDatabase;
import dev.replay.writers.builder.ProjectionItemWriterBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class ProjectionItemWriterIT {

    private final TestDatabase database = TestDatabase.create();
    private final JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
    private final TransactionTemplate transaction =
            new TransactionTemplate(new JdbcTransactionManager(database.dataSource()));
    private final RecordingProjection projection = new RecordingProjection(List.of("deposit"));
    private final ReadModelTarget target = ReadModelTarget.direct(jdbc, projection);

    ProjectionItemWriterIT() {
        projection.createTables(target);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void deadLettersMalformedEventsAndAppliesTheRestOfTheChunk() {
        // given
        ProjectionItemWriter writer = new ProjectionItemWriterBuilder().projection(projection).target(target)
                .skipInvalid(true).build();
        Event malformed = event("a-1", 3, "Deposited", "{\"amount\": 1.");

        // when
        transaction.executeWithoutResult(status ->
                writer.write(Chunk.of(deposited("a-1", 2, "1.00"), malformed, deposited("a-1", 4, "2.50"))));

        // then
        assertThat(jdbc.queryForObject("select sum(amount) from deposit", java.math.BigDecimal.class))
                .isEqualByComparingTo("3.50");
        Map<String, Object> dead = jdbc.queryForMap("select * from replay_dead_letter");
        assertThat(dead).containsEntry("event_id", malformed.eventId())
                .containsEntry("projection", "recording")
                .containsEntry("event_type", "Deposited")
                .containsEntry("aggregate_type", "Account")
                .containsEntry("aggregate_id", "a-1")
                .containsEntry("version", 3L)
                .containsEntry("payload", "{\"amount\": 1.");
        assertThat((String) dead.get("error")).contains(malformed.eventId().toString(), "malformed JSON");
        assertThat(dead.get("failed_at")).isNotNull();
    }

    @Test
    void recordsADeadLetterOnceWhenTheSameChunkIsWrittenAgain() {
        // given
        ProjectionItemWriter writer = new ProjectionItemWriterBuilder().projection(projection).target(target)
                .skipInvalid(true).build();
        Event malformed = event("a-1", 3, "Deposited", "not json");

        // when
        writer.write(Chunk.of(malformed));
        writer.write(Chunk.of(malformed));

        // then
        assertThat(jdbc.queryForObject("select count(*) from replay_dead_letter", Long.class)).isEqualTo(1L);
    }

    @Test
    void failsWithoutSkipInvalidNamingTheEventAndWritesNothing() {
        // given
        ProjectionItemWriter writer = new ProjectionItemWriterBuilder().projection(projection).target(target)
                .skipInvalid(false).build();
        Event malformed = event("a-1", 3, "Deposited", "{\"amount\": 1.");

        // when / then
        assertThatThrownBy(() -> transaction.executeWithoutResult(status ->
                writer.write(Chunk.of(deposited("a-1", 2, "1.00"), malformed))))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(malformed.eventId().toString());
        assertThat(jdbc.queryForObject("select count(*) from deposit", Long.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from replay_dead_letter", Long.class)).isZero();
    }

    @Test
    void writesInTheCallersTransactionSoARolledBackChunkLeavesNoTrace() {
        // given
        ProjectionItemWriter writer = new ProjectionItemWriterBuilder().projection(projection).target(target)
                .skipInvalid(true).build();

        // when: the chunk transaction rolls back after the write, as when the checkpoint update fails
        transaction.executeWithoutResult(status -> {
            writer.write(Chunk.of(deposited("a-1", 2, "1.00"), event("a-1", 3, "Deposited", "{")));
            assertThat(jdbc.queryForObject("select count(*) from deposit", Long.class)).isEqualTo(1L);
            status.setRollbackOnly();
        });

        // then
        assertThat(jdbc.queryForObject("select count(*) from deposit", Long.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from replay_dead_letter", Long.class)).isZero();
    }

    @Test
    @org.junit.jupiter.api.DisplayName("Issue 12 defect 6: an event apply refuses after writing is dead-lettered and its chunk's writes are not doubled")
    void anEventApplyRefusesAfterWritingIsDeadLetteredAndTheRestAppliedOnce() {
        // given: a projection that writes the whole chunk, then finds a deposit it cannot apply
        RecordingProjection refusing = new RecordingProjection(List.of("deposit")) {
            @Override
            public void apply(List<ProjectedEvent> events, ReadModelTarget target) {
                super.apply(events, target);
                events.stream().filter(e -> e.json().get("amount").decimalValue().signum() == 0).findFirst()
                        .ifPresent(e -> {
                            throw new InvalidEventException(e.event(), "amount must not be zero");
                        });
            }
        };
        ReadModelTarget refusingTarget = ReadModelTarget.direct(jdbc, refusing);
        jdbc.execute("drop table deposit");
        refusing.createTables(refusingTarget);
        ProjectionItemWriter writer = new ProjectionItemWriterBuilder().projection(refusing).target(refusingTarget)
                .skipInvalid(true).build();
        Event zero = deposited("a-1", 3, "0");

        // when
        transaction.executeWithoutResult(status ->
                writer.write(Chunk.of(deposited("a-1", 2, "1.00"), zero, deposited("a-1", 4, "2.50"))));

        // then
        assertThat(jdbc.queryForObject("select count(*) || ' ' || sum(amount) from deposit", String.class))
                .isEqualTo("2 3.50");
        assertThat(jdbc.queryForObject("select error from replay_dead_letter where event_id = ?", String.class,
                zero.eventId())).contains(zero.eventId().toString(), "amount must not be zero");
    }
}
