package dev.replay.readers;

import static dev.replay.readers.HotStoreFixture.ids;
import static dev.replay.readers.HotStoreFixture.readAll;
import static dev.replay.readers.HotStoreFixture.readRest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.sample.SeedSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;

/** The restart contract: read, fail, restart; the union equals one clean run, nothing twice. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcEventReaderRestartIT {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant TIE = Instant.parse("2026-01-01T08:00:00Z");

    private HotStoreFixture store;
    private List<Event> clean;

    @BeforeAll
    void seed() {
        store = new HotStoreFixture();
        store.seed(new SeedSpec(1_200, 30, 1, 23, START));
        List<Event> tied = new ArrayList<>();
        for (int i = 0; i < 12; i++) { // one timestamp, one version, ids on both sides of the high bit
            tied.add(new Event(new UUID((long) i << 59, i), "Tie", "t-" + i, 1, "Opened", "{}", TIE));
        }
        store.appender.append(tied);
        clean = readAll(store.reader().build());
    }

    @AfterAll
    void close() {
        store.close();
    }

    /** Checkpoints at the ends, at page edges, and where the next event ties with the last one. */
    private List<Integer> checkpoints(int pageSize) {
        TreeSet<Integer> at = new TreeSet<>(List.of(0, 1, pageSize - 1, pageSize, pageSize + 1, clean.size() - 1, clean.size()));
        int ties = 0;
        for (int i = 1; i < clean.size() && ties < 6; i++) {
            if (clean.get(i).occurredAt().equals(clean.get(i - 1).occurredAt())) {
                at.add(i);
                ties++;
            }
        }
        for (int i = 0; i < clean.size(); i++) {
            if (clean.get(i).aggregateType().equals("Tie")) {
                at.add(i + 5); // same timestamp, version and neighbours on both sides of the id's high bit
                break;
            }
        }
        at.removeIf(n -> n < 0 || n > clean.size());
        return List.copyOf(at);
    }

    @ParameterizedTest(name = "page size {0}, prefetch {1}")
    @CsvSource({"1, true", "5, true", "64, true", "5000, true", "1, false", "64, false", "5000, false"})
    void resumesAfterCrashWithoutLossOrDuplicates(int pageSize, boolean prefetch) {
        for (int checkpoint : checkpoints(pageSize)) {
            // given: a chunk committed at the checkpoint, then a crash in the middle of the next
            JdbcEventReader first = store.reader().pageSize(pageSize).prefetch(prefetch).build();
            ExecutionContext context = new ExecutionContext();
            first.open(context);
            List<Event> committed = new ArrayList<>();
            for (int i = 0; i < checkpoint; i++) {
                committed.add(first.read());
            }
            first.update(context);
            for (int i = 0; i < 3; i++) {
                first.read(); // read but never committed: lost with the crash
            }

            // when
            JdbcEventReader restarted = store.reader().pageSize(pageSize).prefetch(prefetch).build();
            List<Event> rest = readAll(restarted, persisted(context));

            // then
            List<Event> union = new ArrayList<>(committed);
            union.addAll(rest);
            first.close(); // as the step does after a failure
            assertThat(ids(union)).as("checkpoint %d, page size %d", checkpoint, pageSize).isEqualTo(ids(clean));
        }
    }

    @Test
    void restartKeepsTheHighWaterMarkOfTheFirstExecution() {
        // given: no mark given, so the first execution captures one
        JdbcEventReader first = store.reader().pageSize(100).build();
        ExecutionContext context = new ExecutionContext();
        first.open(context);
        for (int i = 0; i < 10; i++) {
            first.read();
        }
        first.update(context);
        store.appender.append(List.of(new Event(UUID.randomUUID(), "Late", "l-1", 1, "Opened", "{}", START)));

        try {
            // when
            List<Event> rest = readAll(store.reader().pageSize(100).build(), persisted(context));

            // then
            assertThat(rest).hasSize(clean.size() - 10).noneMatch(e -> e.aggregateType().equals("Late"));
            assertThat(context.getString("events.high.water.mark")).startsWith("0..");
        } finally {
            store.jdbc.update("delete from events where aggregate_type = 'Late'");
        }
    }

    @Test
    void refusesToRestartWithAnotherHighWaterMark() {
        ExecutionContext context = new ExecutionContext();
        context.putString("events.high.water.mark", "0..5");
        JdbcEventReader reader = store.reader().highWaterMark(HighWaterMark.fullReplay(6)).build();
        assertThatThrownBy(() -> reader.open(context))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Reader [events] was started with high-water mark 0..5 and cannot restart with another, 0..6");
    }

    @Test
    void namesTheKeyWhenSavedStateIsUnreadable() {
        ExecutionContext context = new ExecutionContext();
        context.putString("events.start.after", "yesterday");
        assertThatThrownBy(() -> store.reader().build().open(context))
                .isInstanceOf(ItemStreamException.class)
                .hasMessage("Reader [events] cannot restart from events.start.after=yesterday");
    }

    /** Only the strings survive, as in the job repository. */
    private static ExecutionContext persisted(ExecutionContext context) {
        ExecutionContext saved = new ExecutionContext();
        for (Map.Entry<String, Object> entry : context.entrySet()) {
            saved.putString(entry.getKey(), (String) entry.getValue());
        }
        return saved;
    }
}
