package dev.replay.writers.builder;

import dev.replay.readers.upcast.Upcasters;
import dev.replay.writers.BuildFoldPolicy;
import dev.replay.writers.ProjectedEvent;
import dev.replay.writers.Projection;
import dev.replay.writers.ProjectionItemWriter;
import dev.replay.writers.ReadModelTarget;
import tools.jackson.databind.ObjectMapper;

/**
 * Builds a {@link ProjectionItemWriter}, in the style of Spring Batch's item writer builders.
 * Required: {@link #projection} and {@link #target} (a target of that projection). Defaults: invalid
 * events fail the chunk, the platform's JSON mapper, no fold (every chunk applied), no upcasters.
 * Validation happens in {@link #build()}, with messages naming the setting and its value.
 */
public class ProjectionItemWriterBuilder {

    private Projection projection;
    private ReadModelTarget target;
    private boolean skipInvalid;
    private ObjectMapper mapper = ProjectedEvent.DEFAULT_MAPPER;
    private BuildFoldPolicy foldPolicy;
    private Upcasters upcasters = Upcasters.none();

    /** The projection the events go through. */
    public ProjectionItemWriterBuilder projection(Projection projection) {
        this.projection = projection;
        return this;
    }

    /** The read model the projection writes: a live one, or a build of the projection's. */
    public ProjectionItemWriterBuilder target(ReadModelTarget target) {
        this.target = target;
        return this;
    }

    /** Whether invalid events are dead-lettered and the rest applied (default false: they fail the chunk). */
    public ProjectionItemWriterBuilder skipInvalid(boolean skipInvalid) {
        this.skipInvalid = skipInvalid;
        return this;
    }

    /** How payloads are parsed (default {@link ProjectedEvent#DEFAULT_MAPPER}). */
    public ProjectionItemWriterBuilder mapper(ObjectMapper mapper) {
        this.mapper = mapper;
        return this;
    }

    /**
     * When to flush the projection's {@link dev.replay.writers.BuildFold} in a building target, and the
     * reader's checkpoint it holds; {@code null} (the default) applies every chunk.
     */
    public ProjectionItemWriterBuilder foldPolicy(BuildFoldPolicy foldPolicy) {
        this.foldPolicy = foldPolicy;
        return this;
    }

    /** Applied to each handled event before the projection sees it (default none). */
    public ProjectionItemWriterBuilder upcasters(Upcasters upcasters) {
        this.upcasters = upcasters;
        return this;
    }

    /**
     * @throws IllegalArgumentException naming the setting when one is missing, or the target when it
     *                                  belongs to another projection
     */
    public ProjectionItemWriter build() {
        require(projection, "projection");
        require(target, "target");
        require(mapper, "mapper");
        require(upcasters, "upcasters");
        if (!projection.name().equals(target.projection())) {
            throw new IllegalArgumentException("target must belong to projection " + projection.name()
                    + ", was " + target);
        }
        return new ProjectionItemWriter(projection, target, skipInvalid, mapper, foldPolicy, upcasters);
    }

    private static void require(Object value, String setting) {
        if (value == null) {
            throw new IllegalArgumentException(setting + " must be set, was null");
        }
    }
}
