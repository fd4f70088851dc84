package dev.replay.writers;

import dev.replay.readers.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
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
 * <p><b>Invalid events.</b> With {@code skipInvalid = false} (the default) an invalid event of a
 * handled type fails the chunk with an {@link InvalidEventException} naming the event; nothing of
 * the chunk is applied. With {@code skipInvalid = true} such events are recorded in
 * {@code replay_dead_letter} (migration {@code V2__dead_letter.sql}) in the same transaction and
 * the rest of the chunk is applied.
 *
 * <p>Thread-safe when the projection is: the writer keeps no state between chunks and has no
 * restart state of its own.
 */
public class ProjectionItemWriter implements ItemWriter<Event> {

    private static final Logger log = LoggerFactory.getLogger(ProjectionItemWriter.class);

    private final Projection projection;
    private final ReadModelTarget target;
    private final boolean skipInvalid;
    private final ObjectMapper mapper;

    public ProjectionItemWriter(Projection projection, ReadModelTarget target, boolean skipInvalid, ObjectMapper mapper) {
        this.projection = Objects.requireNonNull(projection, "projection");
        this.target = Objects.requireNonNull(target, "target");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.skipInvalid = skipInvalid;
        if (!projection.name().equals(target.projection())) {
            throw new IllegalArgumentException("target must belong to projection " + projection.name()
                    + ", was " + target);
        }
    }

    public ProjectionItemWriter(Projection projection, ReadModelTarget target, boolean skipInvalid) {
        this(projection, target, skipInvalid, ProjectedEvent.DEFAULT_MAPPER);
    }

    /** A writer that fails the chunk on an invalid event. */
    public ProjectionItemWriter(Projection projection, ReadModelTarget target) {
        this(projection, target, false);
    }

    @Override
    public void write(Chunk<? extends Event> chunk) {
        List<ProjectedEvent> handled = new ArrayList<>(chunk.size());
        List<InvalidEventException> invalid = new ArrayList<>();
        for (Event event : chunk) {
            if (projection.handles(event.eventType())) {
                ProjectedEvent projected = new ProjectedEvent(event, mapper);
                try {
                    projection.validate(projected);
                    handled.add(projected);
                } catch (InvalidEventException e) {
                    if (!skipInvalid) {
                        throw e;
                    }
                    invalid.add(e);
                }
            }
        }
        if (!invalid.isEmpty()) {
            log.warn("Projection [{}]. {} invalid events dead-lettered, first: {}",
                    projection.name(), invalid.size(), invalid.get(0).getMessage());
            DeadLetters.record(target.jdbc(), projection.name(), invalid);
        }
        if (!handled.isEmpty()) {
            projection.apply(handled, target);
        }
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
