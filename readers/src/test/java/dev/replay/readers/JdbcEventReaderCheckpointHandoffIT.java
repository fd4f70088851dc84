package dev.replay.readers;

import static dev.replay.readers.HotStoreFixture.readAll;
import static dev.replay.readers.HotStoreFixture.readRest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.readers.sample.SeedSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** The hot store's reader saves the lower of its read position and a holding writer's durable one. */
@DisplayName("Issue 13: the hot store's reader takes its checkpoint from the hand-off")
class JdbcEventReaderCheckpointHandoffIT {

    private final HotStoreFixture store = new HotStoreFixture();

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void savesTheDurablePositionWhileAWriterHoldsAndResumesAfterIt() {
        // given
        store.seed(new SeedSpec(300, 10, 1, 5, Instant.parse("2026-01-01T00:00:00Z")));
        List<Event> clean = readAll(store.reader().pageSize(40).build());
        JdbcEventReader reader = store.reader().pageSize(40).build();
        ExecutionContext context = new ExecutionContext();
        reader.open(context);
        reader.checkpoint().hold();

        // when: 100 read, none written yet
        List<Event> first = read(reader, 100);
        reader.update(context);

        // then: nothing durable, so no position
        assertThat(context.containsKey(reader.key(JdbcEventReader.START_AFTER))).isFalse();

        // when: the first 60 written, 150 read, then a crash
        reader.checkpoint().advance(first.get(59).key());
        read(reader, 50);
        reader.update(context);
        reader.close();

        // then: the restart reads from the 61st, each event once across both executions
        assertThat(context.getString(reader.key(JdbcEventReader.START_AFTER)))
                .isEqualTo(first.get(59).key().toString());
        JdbcEventReader restarted = store.reader().pageSize(40).build();
        restarted.open(context);
        List<Event> rest = readRest(restarted);
        restarted.close();
        assertThat(rest).isEqualTo(clean.subList(60, clean.size()));
    }

    @Test
    void savesItsReadPositionWhenNoWriterHolds() {
        // given
        store.seed(new SeedSpec(100, 5, 1, 5, Instant.parse("2026-01-01T00:00:00Z")));
        JdbcEventReader reader = store.reader().build();
        ExecutionContext context = new ExecutionContext();
        reader.open(context);
        reader.checkpoint().release();

        // when
        List<Event> read = read(reader, 30);
        reader.update(context);
        reader.close();

        // then
        assertThat(context.getString(reader.key(JdbcEventReader.START_AFTER)))
                .isEqualTo(read.get(29).key().toString());
    }

    private static List<Event> read(JdbcEventReader reader, int count) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(reader.read());
        }
        return events;
    }
}
