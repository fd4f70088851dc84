package dev.replay.writers;

import dev.replay.readers.Event;
import dev.replay.readers.upcast.Upcasters;
import dev.replay.readers.upcast.UpcastingException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import tools.jackson.databind.ObjectMapper;

/**
 * Writes a chunk of replayed events through a {@link Projection} into a {@link ReadModelTarget}.
 *
 * <p>For each chunk it keeps the events whose type the projection handles (others are skipped
 * without their payload being parsed), wraps them as {@link ProjectedEvent}s, validates each one
 * ({@link Projection#validate}, by default a parse of the payload, cached for {@code apply}) and
 * then calls {@link Projection#apply} once with the whole chunk in replay order.
 *
 * <p><b>Exactly once.</b> The writer opens no transaction and no connection of its own: the
 * projection writes through the target's {@code JdbcTemplate}, which takes part in the caller's
 * transaction. In a chunk-oriented step whose transaction manager runs on the same DataSource,
 * the projection's writes and the step's checkpoint (the reader's position in the
 * ExecutionContext) commit or roll back together. That is the exactly-once mechanism: after a
 * crash the step resumes from the last committed checkpoint, and nothing written after it survived.
 *
 * <p><b>Upcasting.</b> Given {@link Upcasters}, each handled event is upcast here, before it is
 * validated, rather than by a processor of the step: a failing upcaster is then an invalid event
 * like any other (below), and events the projection does not handle are not upcast at all.
 *
 * <p><b>Invalid events.</b> An event is invalid when its upcaster fails, {@link Projection#validate}
 * refuses it, or {@link Projection#apply} (or a {@link BuildFold}) throws an
 * {@link InvalidEventException} for it (e.g. a deposit that would take a balance beyond what the read
 * model holds). With {@code skipInvalid = false} (the default) an invalid event of a handled type fails
 * the chunk with an exception naming the event and the problem; nothing of the chunk is applied.
 * With {@code skipInvalid = true} such events are recorded in {@code replay_dead_letter} (migration
 * {@code V2__dead_letter.sql}) in the same transaction, once per event and projection however often
 * the chunk is read again, and the rest of the chunk is applied without them: an aggregate's later
 * events apply as if the dead-lettered one did not exist. Anything else that fails (the database,
 * a version regression) still fails the chunk.
 *
 * <p><b>Folds that span chunks.</b> Given a {@link BuildFoldPolicy} and a building target whose
 * projection offers a {@link BuildFold}, the writer folds chunks into it and flushes it in the
 * chunk's transaction only every {@code flushEvents} events, when it holds {@code maxHeld}, and with
 * the last chunk. Between flushes each chunk still commits, but the writer holds the reader's
 * restart position at the last flush through the policy's {@link dev.replay.readers.CheckpointHandoff}
 * (where the restart contract is stated): the checkpoint a restart resumes from is always one whose
 * writes committed with it, so the effect stays exactly once, and a crash costs reading again at
 * most {@code flushEvents} events. Dead letters are written with their chunk
 * and are idempotent, so reading them again adds none.
 *
 * <p>Thread-safe when the projection is and no fold is used; with a fold, one instance serves one
 * step execution (step scope).
 */
public class ProjectionItemWriter implements ItemStreamWriter<Event> {

    private static final Logger log = LoggerFactory.getLogger(ProjectionItemWriter.class);

    private final Projection projection;
    private final ReadModelTarget target;
    private final boolean skipInvalid;
    private final ObjectMapper mapper;
    private final BuildFoldPolicy foldPolicy;
    private final Upcasters upcasters;
    private BuildFold fold; // null: every chunk is applied
    private long unflushed; // events read since the last flush

    /**
     * Prefer {@link dev.replay.writers.builder.ProjectionItemWriterBuilder}, which names what is missing.
     *
     * @param foldPolicy when to flush the projection's {@link BuildFold} in a building target, or
     *                   {@code null} to apply every chunk
     * @param upcasters applied to each handled event before the projection sees it
     */
    public ProjectionItemWriter(Projection projection, ReadModelTarget target, boolean skipInvalid, ObjectMapper mapper,
                                BuildFoldPolicy foldPolicy, Upcasters upcasters) {
        this.upcasters = Objects.requireNonNull(upcasters, "upcasters");
        this.projection = Objects.requireNonNull(projection, "projection");
        this.target = Objects.requireNonNull(target, "target");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.skipInvalid = skipInvalid;
        this.foldPolicy = foldPolicy;
        if (!projection.name().equals(target.projection())) {
            throw new IllegalArgumentException("target must belong to projection " + projection.name()
                    + ", was " + target);
        }
    }

    @Override
    public void write(Chunk<? extends Event> chunk) {
        List<ProjectedEvent> handled = new ArrayList<>(chunk.size());
        List<InvalidEventException> invalid = new ArrayList<>(0);
        for (Event event : chunk) {
            if (projection.handles(event.eventType())) {
                try {
                    ProjectedEvent projected = new ProjectedEvent(upcast(event), mapper);
                    projection.validate(projected);
                    handled.add(projected);
                } catch (InvalidEventException e) {
                    skip(e, invalid);
                }
            }
        }
        if (!handled.isEmpty()) {
            if (fold == null) {
                apply(handled, invalid);
            } else {
                foldIn(handled, invalid);
            }
        }
        if (!invalid.isEmpty()) {
            log.warn("Projection [{}]. {} invalid events dead-lettered, first: {}",
                    projection.name(), invalid.size(), invalid.get(0).getMessage());
            DeadLetters.record(target.jdbc(), projection.name(), invalid);
        }
        if (fold == null) {
            return;
        }
        unflushed += chunk.size();
        if (unflushed >= foldPolicy.flushEvents() || fold.held() >= foldPolicy.maxHeld()
                || foldPolicy.inputExhausted().getAsBoolean()) {
            long start = System.nanoTime();
            int held = fold.held();
            fold.flush(target);
            foldPolicy.checkpoint().advance(chunk.getItems().get(chunk.size() - 1).key());
            log.info("Projection [{}]. Wrote its fold of {} after {} events in {} ms", projection.name(), held,
                    unflushed, (System.nanoTime() - start) / 1_000_000);
            unflushed = 0;
        }
    }

    /** The event at the newest schema version; an upcaster's failure is an invalid event naming the upcaster. */
    private Event upcast(Event event) {
        if (upcasters.isEmpty()) {
            return event;
        }
        try {
            return upcasters.upcast(event);
        } catch (UpcastingException e) {
            if (!skipInvalid) {
                throw e;
            }
            throw new InvalidEventException(event, "upcaster [" + e.upcaster() + "] failed from schema version "
                    + event.schemaVersion() + ": " + e.problem(), e);
        }
    }

    /** Keeps an invalid event for the dead-letter table, or fails the chunk with it. */
    private void skip(InvalidEventException e, List<InvalidEventException> invalid) {
        if (!skipInvalid) {
            throw e;
        }
        invalid.add(e);
    }

    /**
     * Applies the chunk; with {@code skipInvalid}, an event that {@code apply} finds invalid is taken
     * out and the rest applied again, after a rollback to a savepoint so that nothing of the failed
     * attempt stays (the built-ins fail before they write, a projection of yours may not).
     */
    private void apply(List<ProjectedEvent> handled, List<InvalidEventException> invalid) {
        while (!handled.isEmpty()) {
            Savepoint savepoint = skipInvalid ? ChunkSavepoints.set(target.jdbc()) : null;
            try {
                projection.apply(handled, target);
                return;
            } catch (InvalidEventException e) {
                int at = indexOf(handled, e, 0);
                if (!skipInvalid || at < 0) {
                    throw e;
                }
                ChunkSavepoints.rollbackTo(target.jdbc(), savepoint);
                invalid.add(e);
                handled.remove(at);
            }
        }
    }

    /**
     * Folds the chunk in; an event the fold finds invalid is skipped and the fold goes on after it
     * ({@link BuildFold#add} folds the events before the invalid one, not it nor those after it).
     */
    private void foldIn(List<ProjectedEvent> handled, List<InvalidEventException> invalid) {
        for (int from = 0; from < handled.size(); ) {
            try {
                fold.add(from == 0 ? handled : handled.subList(from, handled.size()));
                return;
            } catch (InvalidEventException e) {
                int at = indexOf(handled, e, from);
                if (!skipInvalid || at < 0) {
                    throw e;
                }
                invalid.add(e);
                from = at + 1;
            }
        }
    }

    private static int indexOf(List<ProjectedEvent> events, InvalidEventException e, int from) {
        for (int i = from; i < events.size(); i++) {
            if (events.get(i).event() == e.event()) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Starts the build's fold, if the policy, the target and the projection call for one, and with it
     * holds the reader's checkpoint at what is written ({@link dev.replay.readers.CheckpointHandoff}).
     */
    @Override
    public void open(ExecutionContext executionContext) {
        fold = foldPolicy != null && target.building() ? projection.buildFold(target) : null;
        unflushed = 0;
        if (fold != null) {
            foldPolicy.checkpoint().hold();
        } else if (foldPolicy != null) {
            foldPolicy.checkpoint().release();
        }
    }

    /** Nothing: the restart position is the reader's, held back through the policy's hand-off. */
    @Override
    public void update(ExecutionContext executionContext) {
    }

    @Override
    public void close() {
        if (fold != null && unflushed > 0) {
            log.warn("Projection [{}]. Closed with {} events folded but not written; a restart reads them again",
                    projection.name(), unflushed);
        }
        fold = null;
    }

    public Projection projection() {
        return projection;
    }

    public ReadModelTarget target() {
        return target;
    }

    public boolean skipInvalid() {
        return skipInvalid;
    }
}
