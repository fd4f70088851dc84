package dev.replay.writers;

import static dev.replay.writers.TestEvents.deposited;
import static dev.replay.writers.TestEvents.opened;
import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.readers.CheckpointHandoff;
import dev.replay.readers.Event;
import dev.replay.readers.EventKey;
import dev.replay.writers.builder.ProjectionItemWriterBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The writer's fold across chunks: when it flushes, and the restart position the reader saves in the
 * context through their {@link CheckpointHandoff}.
 */
class ProjectionItemWriterFoldTest {

    private static final String POSITION = "events.start.after";

    private final FoldingProjection projection = new FoldingProjection();
    private final AtomicBoolean exhausted = new AtomicBoolean();
    private final ExecutionContext context = new ExecutionContext();
    private final CheckpointHandoff checkpoint = new CheckpointHandoff();
    private EventKey restored;

    private ProjectionItemWriter writer(ReadModelTarget target, long flushEvents, int maxHeld) {
        ProjectionItemWriter writer = new ProjectionItemWriterBuilder().projection(projection).target(target)
                .foldPolicy(new BuildFoldPolicy(checkpoint, exhausted::get, flushEvents, maxHeld)).build();
        restored = context.containsKey(POSITION) ? EventKey.parse(context.getString(POSITION)) : null;
        writer.open(context);
        return writer;
    }

    private ReadModelTarget building() {
        return ReadModelTarget.forBuild(new JdbcTemplate(), projection, 1);
    }

    /** What the step does per chunk: the writer writes, the reader saves its checkpoint, the writer updates. */
    private void chunk(ProjectionItemWriter writer, Event... events) {
        writer.write(Chunk.of(events));
        EventKey position = checkpoint.position(events[events.length - 1].key(), restored);
        if (position != null) {
            context.putString(POSITION, position.toString());
        }
        writer.update(context);
    }

    @Test
    void holdsTheRestartPositionAtTheLastFlushUntilTheNextOne() {
        // given
        ProjectionItemWriter writer = writer(building(), 4, 1_000);
        Event a = deposited("a-1", 2, "1.00");
        Event b = deposited("a-2", 2, "1.00");
        Event c = deposited("a-1", 3, "1.00");
        Event d = deposited("a-2", 3, "1.00");
        Event e = deposited("a-3", 2, "1.00");

        // when / then
        chunk(writer, a, b);
        assertThat(projection.flushed).isEmpty();
        assertThat(context.containsKey(POSITION)).as("nothing written yet: a restart starts over").isFalse();

        chunk(writer, c, d);
        assertThat(projection.flushed).containsExactly(List.of(a, b, c, d));
        assertThat(context.getString(POSITION)).isEqualTo(d.key().toString());

        chunk(writer, e);
        assertThat(context.getString(POSITION)).as("e is only in memory").isEqualTo(d.key().toString());
    }

    @Test
    void flushesTheLastChunkWhenTheReaderHasNothingLeftEvenIfItIsFull() {
        // given
        ProjectionItemWriter writer = writer(building(), 1_000, 1_000);
        Event a = deposited("a-1", 2, "1.00");
        Event b = deposited("a-2", 2, "1.00");
        exhausted.set(true);

        // when
        chunk(writer, a, b);

        // then
        assertThat(projection.flushed).containsExactly(List.of(a, b));
        assertThat(context.getString(POSITION)).isEqualTo(b.key().toString());
    }

    @Test
    void flushesEarlyWhenTheFoldHoldsItsBound() {
        // given
        ProjectionItemWriter writer = writer(building(), 1_000, 2);
        Event a = deposited("a-1", 2, "1.00");
        Event b = deposited("a-2", 2, "1.00");

        // when
        chunk(writer, a, b);

        // then
        assertThat(projection.flushed).containsExactly(List.of(a, b));
    }

    @Test
    void keepsARestoredPositionWhileNothingNewIsWritten() {
        // given
        Event before = deposited("a-9", 5, "1.00");
        context.putString(POSITION, before.key().toString());
        ProjectionItemWriter writer = writer(building(), 1_000, 1_000);

        // when
        chunk(writer, deposited("a-1", 2, "1.00"));

        // then
        assertThat(context.getString(POSITION)).isEqualTo(before.key().toString());
    }

    @Test
    void appliesChunkByChunkToALiveTarget() {
        // given
        ProjectionItemWriter writer = writer(ReadModelTarget.direct(new JdbcTemplate(), projection), 1_000, 1_000);
        Event a = deposited("a-1", 2, "1.00");

        // when
        chunk(writer, opened("a-1"), a);

        // then
        assertThat(projection.applied).containsExactly(List.of(a));
        assertThat(context.getString(POSITION)).as("the reader's own position").isEqualTo(a.key().toString());
    }

    /** Handles Deposited; in a build it folds events in a list and records each flush. */
    private static final class FoldingProjection extends RecordingProjection {

        final List<List<Event>> flushed = new ArrayList<>();
        final List<List<Event>> applied = new ArrayList<>();

        FoldingProjection() {
            super(List.of());
        }

        @Override
        public void apply(List<ProjectedEvent> events, ReadModelTarget target) {
            applied.add(events.stream().map(ProjectedEvent::event).toList());
        }

        @Override
        public BuildFold buildFold(ReadModelTarget target) {
            return new BuildFold() {
                private final List<Event> held = new ArrayList<>();

                @Override
                public void add(List<ProjectedEvent> events) {
                    events.forEach(event -> held.add(event.event()));
                }

                @Override
                public int held() {
                    return held.size();
                }

                @Override
                public void flush(ReadModelTarget target) {
                    flushed.add(List.copyOf(held));
                    held.clear();
                }
            };
        }
    }
}
