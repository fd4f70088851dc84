package dev.replay.writers;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Blue/green builds of read models, recorded in {@code projection_build} (migration
 * {@code V3__projection_builds.sql}).
 *
 * <p>Build {@code n} of a projection writes physical tables {@code <table>__b<n>}
 * ({@link #startBuild}, {@link #resumeBuild}) and may keep work tables
 * {@code <table>__b<n>__<purpose>} ({@link ReadModelTarget#workTable}). {@link #swap} makes it live
 * in one transaction: the projection completes the build ({@link Projection#completeBuild}), each
 * stable name {@code <table>} becomes a view over {@code <table>__b<n>} (drop view, create view, so
 * column changes work), the build is marked live and the previous live build retired, and retired
 * copies beyond {@code keep} are dropped with their work tables. DDL is transactional in
 * PostgreSQL, so a reader of {@code <table>} sees the old build or the new one, never a mix, and
 * never an empty or half-built table. Privileges granted on a stable view are granted again on its
 * replacement. Stable names live in the current schema of the search path. Every table name put
 * into SQL here is a quoted identifier ({@link SqlIdentifiers}), including work tables found in the
 * catalog by their prefix.
 *
 * <p><b>Restart.</b> A build's number and tables survive a crash: a resumed rebuild continues
 * with {@link #resumeBuild} and keeps what it wrote. {@link #swap} is idempotent: running it again
 * for the build that is already live changes nothing (in particular the build is not completed
 * again), so a process killed right after the commit may simply swap again; a swap that failed or
 * was killed before its commit rolled its completion back with it. A stable name that is a real
 * table (not a view) is never dropped: the swap fails naming it, since it is user data created by hand.
 *
 * <p>Thread-safe; changes of one projection's builds are serialised by a transaction-scoped
 * advisory lock. Each method joins the caller's transaction on the same DataSource, if any.
 */
public class ReadModelBuilds {

    private static final Logger log = LoggerFactory.getLogger(ReadModelBuilds.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final BuildRegistry registry;
    private final int keep;

    /**
     * @param transactionManager the transaction manager of {@code dataSource}, e.g. the job repository's
     * @param keep how many previously live copies to keep after a swap (for a quick switch back); 0 drops them
     */
    public ReadModelBuilds(DataSource dataSource, PlatformTransactionManager transactionManager, int keep) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(transactionManager, "transactionManager");
        if (keep < 0) {
            throw new IllegalArgumentException("keep must not be negative, was " + keep);
        }
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(transactionManager);
        this.registry = new BuildRegistry(jdbc);
        this.keep = keep;
    }

    /** Builds with their own transaction manager on the DataSource, joining a caller's transaction on it. */
    public ReadModelBuilds(DataSource dataSource, int keep) {
        this(dataSource, new JdbcTransactionManager(Objects.requireNonNull(dataSource, "dataSource")), keep);
    }

    /** Builds that keep no previous copy. */
    public ReadModelBuilds(DataSource dataSource) {
        this(dataSource, 0);
    }

    /** Registers the next build of the projection and creates its tables, in one transaction. */
    public ReadModelTarget startBuild(Projection projection) {
        return inTransaction(projection, "start a build", () -> {
            registry.lock(projection.name());
            refuseHandMadeTables(projection);
            long build = registry.insertNext(projection.name());
            ReadModelTarget target = ReadModelTarget.forBuild(jdbc, projection, build);
            projection.createTables(target);
            log.info("Projection [{}]. Started build {}: {}", projection.name(), build, target.tables().values());
            return target;
        });
    }

    /**
     * The target of a build that was started and not yet swapped, to continue a rebuild after a restart.
     *
     * @throws IllegalStateException when the build is unknown, not building, or lost a table
     */
    public ReadModelTarget resumeBuild(Projection projection, long build) {
        String status = registry.status(projection.name(), build).orElseThrow(() -> new IllegalStateException(
                "Projection [" + projection.name() + "] has no build " + build + " to resume"));
        if (!BuildRegistry.BUILDING.equals(status)) {
            throw new IllegalStateException("Projection [" + projection.name() + "] build " + build
                    + " cannot be resumed, it is " + status);
        }
        ReadModelTarget target = ReadModelTarget.forBuild(jdbc, projection, build);
        requireTables(target);
        log.info("Projection [{}]. Resumed build {}", projection.name(), build);
        return target;
    }

    /**
     * Completes {@code build} ({@link Projection#completeBuild}) and makes it the live read model,
     * atomically; see the class comment. Swapping the build that is already live again only recreates
     * its views; it is not completed again and its saved high-water mark stays.
     *
     * @param highWaterMark the position up to which the build has applied events, for catch-up runs
     * @throws IllegalStateException when the build is unknown or retired, lost a table, or a stable name is a real table
     */
    public void swap(Projection projection, long build, String highWaterMark) {
        inTransaction(projection, "swap in build " + build, () -> {
            String name = projection.name();
            registry.lock(name);
            String current = registry.status(name, build).orElseThrow(() -> new IllegalStateException(
                    "Projection [" + name + "] has no build " + build + " to swap in"));
            Optional<Long> live = registry.liveBuild(name);
            if (BuildRegistry.RETIRED.equals(current)) {
                throw new IllegalStateException("Projection [" + name + "] build " + build
                        + " is retired, a newer build was swapped in after it" + live.map(b -> " (build " + b
                        + " is live)").orElse(""));
            }
            live.filter(newer -> newer > build).ifPresent(newer -> {
                throw new IllegalStateException("Projection [" + name + "] build " + build + " cannot be swapped in:"
                        + " newer build " + newer + " is live; a read model never goes back to an older build");
            });
            ReadModelTarget target = ReadModelTarget.forBuild(jdbc, projection, build);
            requireTables(target);
            refuseHandMadeTables(projection);
            if (BuildRegistry.BUILDING.equals(current)) {
                projection.completeBuild(target);
                log.info("Projection [{}]. Completed build {}", name, build);
            }
            target.tables().forEach(this::replaceView);
            if (BuildRegistry.LIVE.equals(current)) {
                log.info("Projection [{}]. Build {} is already live", name, build);
            } else {
                registry.markLive(name, build, highWaterMark);
                log.info("Projection [{}]. Swapped in build {} at high-water mark {}", name, build, highWaterMark);
            }
            dropRetired(projection);
            return null;
        });
    }

    /** The live build's target, for catch-up runs that write into the live tables. */
    public Optional<ReadModelTarget> live(Projection projection) {
        return registry.liveBuild(projection.name()).map(build -> ReadModelTarget.forLiveBuild(jdbc, projection, build));
    }

    /**
     * The high-water marks saved with the live builds of every projection, by projection name:
     * what each projection's next catch-up starts from.
     */
    public Map<String, String> liveHighWaterMarks() {
        return registry.liveHighWaterMarks();
    }

    /** The high-water mark saved with the live build, if there is a live build and it has one. */
    public Optional<String> liveHighWaterMark(Projection projection) {
        return registry.liveHighWaterMark(projection.name());
    }

    /**
     * Saves the high-water mark a catch-up run reached in the live build; call it in the run's last
     * transaction so it commits with the writes.
     *
     * @throws IllegalStateException when the projection has no live build
     */
    public void recordHighWaterMark(Projection projection, String highWaterMark) {
        transaction.executeWithoutResult(status -> {
            if (registry.updateLiveHighWaterMark(projection.name(), highWaterMark) == 0) {
                throw new IllegalStateException("Projection [" + projection.name() + "] has no live build");
            }
        });
    }

    /**
     * Saves the high-water mark a catch-up run of {@code build} reached, only if that build is still
     * live and its saved mark is the one the run continued from ({@code continues} holds for it) or
     * already {@code highWaterMark} (a repeated finish); call it in the run's last transaction so it
     * commits with the writes. The live row is locked while it is checked and updated.
     *
     * @param continues whether the live build's saved mark is the one the run started from
     * @throws IllegalStateException naming both builds or both marks when the build is no longer live
     *         or the live mark moved on, so the run would skip or repeat events
     */
    public void recordHighWaterMark(Projection projection, long build, String highWaterMark,
                                    Predicate<String> continues) {
        inTransaction(projection, "record high-water mark " + highWaterMark, () -> {
            String name = projection.name();
            registry.lock(name);
            BuildRegistry.Live live = registry.lockLive(name).orElseThrow(() -> new IllegalStateException(
                    "Projection [" + name + "] has no live build; catch-up of build " + build + " not recorded"));
            if (live.build() != build) {
                throw new IllegalStateException("Projection [" + name + "] catch-up of build " + build
                        + " not recorded: build " + live.build() + " is live now");
            }
            if (!highWaterMark.equals(live.highWaterMark())
                    && (live.highWaterMark() == null || !continues.test(live.highWaterMark()))) {
                throw new IllegalStateException("Projection [" + name + "] catch-up to high-water mark " + highWaterMark
                        + " not recorded: it does not continue build " + build + "'s mark " + live.highWaterMark());
            }
            registry.updateLiveHighWaterMark(name, highWaterMark);
            return null;
        });
    }

    public int keep() {
        return keep;
    }

    /**
     * Swaps a kept copy back in, atomically, as a swap does, with the mark it was retired with; the
     * live build is retired and kept. See {@link BuildRollback} for which copy.
     *
     * @param build the kept copy to swap in, or null for the newest kept copy older than the live build
     * @throws NoKeptCopyException when there is no live build or no such kept copy
     * @throws IllegalStateException when the copy lost a table or a stable name is a real table
     */
    public RolledBackBuild rollback(Projection projection, Long build) {
        return rollback(projection, build, KeptCopyCheck.NONE);
    }

    /** As {@link #rollback(Projection, Long)}, after {@code check} accepted the chosen copy. */
    public RolledBackBuild rollback(Projection projection, Long build, KeptCopyCheck check) {
        return inTransaction(projection, "roll back", () -> {
            registry.lock(projection.name());
            return new BuildRollback(this, registry, projection).run(build, check);
        });
    }

    /** The kept copies of the projection, newest first: what {@link #rollback} may swap back in. */
    public List<Long> keptCopies(Projection projection) {
        return registry.keptCopies(projection.name());
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    /** Runs in one transaction; database failures are wrapped naming the projection and the action. */
    private <T> T inTransaction(Projection projection, String action, Supplier<T> work) {
        try {
            return transaction.execute(status -> work.get());
        } catch (DataAccessException e) {
            throw new IllegalStateException("Projection [" + projection.name() + "]. Failed to " + action + ": "
                    + e.getMostSpecificCause().getMessage(), e);
        }
    }

    void replaceView(String stable, String physical) {
        List<String> grants = registry.grants(stable);
        jdbc.execute("drop view if exists " + SqlIdentifiers.quote(stable));
        jdbc.execute("create view " + SqlIdentifiers.quote(stable) + " as select * from " + SqlIdentifiers.quote(physical));
        grants.forEach(jdbc::execute); // readers keep their privileges across swaps
    }

    void dropRetired(Projection projection) {
        for (long build : registry.droppable(projection.name(), keep)) {
            for (String table : projection.tables()) {
                String physical = TableNames.physical(table, build);
                // names found in the catalog: quoted, so a name is one table whatever it holds
                registry.workTables(TableNames.workPrefix(physical))
                        .forEach(work -> jdbc.execute("drop table " + SqlIdentifiers.quote(work)));
                jdbc.execute("drop table if exists " + SqlIdentifiers.quote(physical));
            }
            registry.markDropped(projection.name(), build);
            log.info("Projection [{}]. Dropped the tables of retired build {}", projection.name(), build);
        }
    }

    void requireTables(ReadModelTarget target) {
        target.tables().forEach((stable, physical) -> {
            if (registry.relationKind(physical).isEmpty()) {
                throw new IllegalStateException("Projection [" + target.projection() + "] build " + target.build()
                        + " has lost its table " + physical);
            }
        });
    }

    void refuseHandMadeTables(Projection projection) {
        for (String table : projection.tables()) {
            TableNames.checkStable(table);
            registry.relationKind(table).filter(kind -> !"v".equals(kind)).ifPresent(kind -> {
                throw new IllegalStateException("Projection [" + projection.name() + "] cannot manage " + table
                        + ": it exists and is not a view (relkind " + kind + "), probably created by hand."
                        + " Replay never drops user data: rename or drop " + table + " yourself, then run again");
            });
        }
    }
}
