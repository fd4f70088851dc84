package dev.replay.jobs.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.AggregatePartition;
import dev.replay.readers.ArchivedEvents;
import dev.replay.readers.CheckpointHandoff;
import dev.replay.readers.Event;
import dev.replay.readers.EventKey;
import dev.replay.readers.HighWaterMark;
import dev.replay.readers.JdbcEventAppender;
import dev.replay.readers.JdbcHighWaterMarks;
import dev.replay.readers.MergedEventReader;
import dev.replay.readers.sample.AccountEventGenerator;
import dev.replay.readers.sample.SeedSpec;
import dev.replay.readers.testing.TestDatabase;
import dev.replay.readers.upcast.Upcasters;
import dev.replay.writers.ProjectionItemWriter;
import dev.replay.writers.ReadModelBuilds;
import dev.replay.writers.builtin.AccountBalanceProjection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rebuild's restart contract ({@link dev.replay.readers.CheckpointHandoff}) on a real database:
 * the replay step's reader and writer as {@link ReplayStepFactory} makes them, driven chunk by chunk
 * as a chunk step drives them (read, write, update the streams, commit the context with the writes),
 * crashed while the writer holds folded events that are not written, and restarted from what committed.
 */
@DisplayName("Issue 13: the checkpoint hand-off between the rebuild's writer and reader")
class CheckpointHandoffTest {

    private static final int EVENTS = 3_000;
    private static final int CHUNK = 100;
    private static final long FLUSH_EVENTS = 1_000;
    private static final String POSITION = "events.start.after";
    private static final String MARK = "events.high.water.mark";

    /** The order in which the step registered its streams, so the order it updates them. */
    enum Registration { READER_FIRST, WRITER_FIRST }

    private final TestDatabase database = TestDatabase.create();
    private final JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
    private final DataSourceTransactionManager transactionManager =
            new DataSourceTransactionManager(database.dataSource());
    private final TransactionTemplate transaction = new TransactionTemplate(transactionManager);
    private final AccountBalanceProjection projection = new AccountBalanceProjection();
    private final Projections projections = new Projections(List.of(projection));
    private final ReadModelBuilds builds = new ReadModelBuilds(database.dataSource(), transactionManager, 0);
    private final RebuildSettings settings = new RebuildSettings(CHUNK, 250, false, 0, 1, FLUSH_EVENTS, 100_000);
    private final ObjectProvider<ArchivedEvents> noArchive =
            new StaticListableBeanFactory().getBeanProvider(ArchivedEvents.class);
    private List<Event> events;
    private HighWaterMark mark;

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Registration.class)
    @DisplayName("Issue 13: read, fold without flush, crash, restart: nothing lost or applied twice,"
            + " whatever the order in which the step registered its streams")
    void resumesAfterACrashWithFoldedEventsUnwrittenWithoutLossOrDuplicates(Registration order) {
        // given: a clean run's read model
        seed();
        Map<String, Map<String, Object>> clean = rebuild(order, Integer.MAX_VALUE);

        // when: a run crashes in its 16th chunk, 500 events folded in memory since the write at 1,000
        long build = builds.startBuild(projection).build();
        Step first = new Step(run(build), order);
        ExecutionContext saved = first.run(new ExecutionContext(), 15);

        // then: its checkpoint is the last write's, under the reader's own keys, as earlier versions saved it
        assertThat(saved.entrySet()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder(POSITION, MARK);
        assertThat(saved.getString(POSITION)).isEqualTo(events.get((int) FLUSH_EVENTS - 1).key().toString());
        assertThat(saved.getString(MARK)).isEqualTo(mark.toString());

        // when: restarted from what committed
        Step restart = new Step(run(build), order);
        restart.run(new ExecutionContext(saved), Integer.MAX_VALUE);
        builds.swap(projection, build, mark.toString());

        // then: the events after the last write are read again, and the read model is the clean run's
        assertThat(restart.read).isEqualTo(EVENTS - FLUSH_EVENTS);
        assertThat(balances()).isEqualTo(clean);
    }

    @Test
    @DisplayName("Issue 13: a checkpoint saved by an earlier version (events.start.after, events.high.water.mark)"
            + " resumes after it")
    void resumesFromACheckpointOfTheEarlierVersionsKeys() {
        // given: a clean run's read model, and a run whose first 1,000 events were written and committed
        seed();
        Map<String, Map<String, Object>> clean = rebuild(Registration.READER_FIRST, Integer.MAX_VALUE);
        long build = builds.startBuild(projection).build();
        new Step(run(build), Registration.READER_FIRST).run(new ExecutionContext(), 10);
        ExecutionContext earlier = new ExecutionContext(Map.<String, Object>of(
                POSITION, events.get((int) FLUSH_EVENTS - 1).key().toString(), MARK, mark.toString()));

        // when
        Step restart = new Step(run(build), Registration.READER_FIRST);
        restart.run(earlier, Integer.MAX_VALUE);
        builds.swap(projection, build, mark.toString());

        // then
        assertThat(restart.read).isEqualTo(EVENTS - FLUSH_EVENTS);
        assertThat(balances()).isEqualTo(clean);
    }

    @Test
    @DisplayName("Issue 13: a writer that does not hold advances no checkpoint")
    void aWriterThatDoesNotHoldCannotAdvance() {
        assertThatThrownBy(() -> new CheckpointHandoff().advance(new EventKey(Instant.EPOCH, 1, UUID.randomUUID())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without hold()");
    }

    private void seed() {
        events = new ArrayList<>();
        new AccountEventGenerator(new SeedSpec(EVENTS, 40, 3, 7, Instant.parse("2026-01-01T00:00:00Z")))
                .forEachRemaining(events::add);
        new JdbcEventAppender(database.dataSource()).append(events);
        events = new ArrayList<>(events);
        events.sort(EventKey::compare);
        mark = new JdbcHighWaterMarks(database.dataSource()).fullReplay();
    }

    /** A full rebuild in one execution (or until a crash after {@code chunks} chunks), swapped in. */
    private Map<String, Map<String, Object>> rebuild(Registration order, int chunks) {
        long build = builds.startBuild(projection).build();
        new Step(run(build), order).run(new ExecutionContext(), chunks);
        builds.swap(projection, build, mark.toString());
        return balances();
    }

    private RebuildRun run(long build) {
        return new RebuildRun(1, projection.name(), RebuildMode.FULL, build, mark, EVENTS);
    }

    private Map<String, Map<String, Object>> balances() {
        Map<String, Map<String, Object>> rows = new TreeMap<>();
        jdbc.queryForList("select account_id, balance, status, version from " + AccountBalanceProjection.TABLE)
                .forEach(row -> rows.put((String) row.get("account_id"), row));
        return rows;
    }

    /** One step execution of the replay step: its reader and writer, driven as a chunk step drives them. */
    private final class Step {

        private final MergedEventReader reader;
        private final ProjectionItemWriter writer;
        private final List<ItemStream> streams;
        private ExecutionContext committed;
        long read;

        Step(RebuildRun run, Registration order) {
            reader = ReplayStepFactory.reader(run, settings, dev.replay.readers.HotStore.of(database.dataSource()), noArchive,
                    AggregatePartition.NONE);
            writer = ReplayStepFactory.writer(run, projections, builds, settings, reader, settings.foldMaxHeld(),
                    Upcasters.none());
            streams = order == Registration.READER_FIRST ? List.of(reader, writer) : List.of(writer, reader);
        }

        /**
         * Runs from {@code context} until the reader is exhausted or {@code chunks} chunks have committed;
         * in the latter case the next chunk is read and written, and its transaction rolls back (a crash).
         *
         * @return the context as the job repository holds it: as of the last commit
         */
        ExecutionContext run(ExecutionContext context, int chunks) {
            streams.forEach(stream -> stream.open(context));
            committed = new ExecutionContext(context);
            try {
                for (int chunk = 0; ; chunk++) {
                    boolean crash = chunk == chunks;
                    Boolean more = transaction.execute(status -> {
                        List<Event> items = readChunk();
                        if (!items.isEmpty()) {
                            writer.write(new Chunk<>(items));
                        }
                        streams.forEach(stream -> stream.update(context));
                        if (crash) {
                            status.setRollbackOnly();
                            return false;
                        }
                        committed = new ExecutionContext(context); // saved in the chunk's transaction
                        return items.size() == CHUNK;
                    });
                    if (!Boolean.TRUE.equals(more)) {
                        return committed;
                    }
                }
            } finally {
                streams.forEach(ItemStream::close);
            }
        }

        private List<Event> readChunk() {
            List<Event> items = new ArrayList<>(CHUNK);
            while (items.size() < CHUNK) {
                Event event = reader.read();
                if (event == null) {
                    break;
                }
                items.add(event);
                read++;
            }
            return items;
        }
    }
}
