package dev.replay.writers;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rollback of one projection to a kept copy, run by {@link ReadModelBuilds#rollback} in its
 * transaction under the projection's build lock: the stable views are replaced over the copy's
 * tables (grants kept), the copy becomes live with the high-water mark it was retired with, and the
 * live build is retired and kept in its place, so the number of kept copies does not change.
 *
 * <p>The rule for which copy: by default the newest kept copy older than the live build, so that
 * rolling back again goes one further back; an explicit build may be any kept copy, including one
 * newer than the live build (undoing a rollback). Not thread-safe; one per call.
 */
final class BuildRollback {

    private static final Logger log = LoggerFactory.getLogger(BuildRollback.class);

    private final ReadModelBuilds builds;
    private final BuildRegistry registry;
    private final Projection projection;

    BuildRollback(ReadModelBuilds builds, BuildRegistry registry, Projection projection) {
        this.builds = builds;
        this.registry = registry;
        this.projection = projection;
    }

    RolledBackBuild run(Long requested, KeptCopyCheck check) {
        String name = projection.name();
        long live = registry.liveBuild(name).orElseThrow(() -> new NoKeptCopyException("Projection [" + name
                + "] has no live build to roll back; run 'rebuild " + name + "'", List.of()));
        List<Long> kept = registry.keptCopies(name);
        long copy = target(live, kept, requested);
        check.check(copy, registry.highWaterMark(name, copy).orElse(null));
        ReadModelTarget target = ReadModelTarget.forBuild(builds.jdbc(), projection, copy);
        builds.requireTables(target);
        builds.refuseHandMadeTables(projection);
        target.tables().forEach(builds::replaceView);
        registry.rollBack(name, live, copy);
        builds.dropRetired(projection); // one retired for one made live: nothing, unless keep was lowered since
        String mark = registry.highWaterMark(name, copy).orElse(null);
        log.info("Projection [{}]. Rolled back from build {} to kept copy {} at high-water mark {}", name, live, copy,
                mark);
        return new RolledBackBuild(name, copy, live, mark);
    }

    private long target(long live, List<Long> kept, Long requested) {
        String name = projection.name();
        if (requested != null) {
            if (!kept.contains(requested)) {
                throw new NoKeptCopyException("Projection [" + name + "] has no kept copy of build " + requested
                        + " (live build " + live + ", kept copies " + kept + ")", kept);
            }
            return requested;
        }
        Optional<Long> older = kept.stream().filter(build -> build < live).findFirst();
        return older.orElseThrow(() -> new NoKeptCopyException("Projection [" + name + "] has no kept copy older than"
                + " live build " + live + (kept.isEmpty() ? "" : " (kept: " + kept + "; name one to swap it back in)"),
                kept));
    }
}
