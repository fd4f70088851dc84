package dev.replay.jobs.rebuild;

import java.util.List;

/**
 * Projections that are not Spring beans of the application: those of plugin jars found through
 * {@link java.util.ServiceLoader}, and SQL projections declared in configuration. Every bean of
 * this type adds its projections to {@link Projections}.
 */
public interface ProjectionSources {

    List<ProjectionSource> projections();
}
