package dev.replay.jobs.support;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The advisory locks this process holds, by key, so that a running step can check, before it
 * commits a chunk, that the locks its run was launched under are still held. A session advisory
 * lock ends with its database session, silently: a connection the server or a proxy dropped (a
 * restart, {@code pg_terminate_backend}, an idle timeout) lets a second run in while this one
 * still writes. The launchers' {@code JobLock} registers itself here while it is open. Where one process holds
 * several locks under one key (shared archive-tier locks of concurrent replays), every one is
 * checked: a lost one fails each of them, erring on the side of stopping. Thread-safe.
 */
public final class HeldLocks {

    /** The archive run's lock: one archive run at a time. */
    public static final String ARCHIVE = "replay:archive";

    /** The archive tier's lock: shared by replays, exclusive for an archive run. */
    public static final String ARCHIVE_TIER = "replay:archive-tier";

    private static final Map<String, Set<Lock>> HELD = new ConcurrentHashMap<>();

    /** A lock held on a database session of its own. */
    public interface Lock {

        String key();

        /**
         * Checks, on the lock's own session, that the session is alive and still holds the lock.
         *
         * @throws LostLockException naming the lock when it does not
         */
        void verify();
    }

    /** The rebuild lock of {@code projection}: one rebuild of it at a time. */
    public static String rebuild(String projection) {
        return "replay:rebuild:" + projection;
    }

    private HeldLocks() {
    }

    public static void add(Lock lock) {
        HELD.computeIfAbsent(lock.key(), key -> ConcurrentHashMap.newKeySet()).add(lock);
    }

    public static void remove(Lock lock) {
        HELD.computeIfPresent(lock.key(), (key, locks) -> locks.remove(lock) && locks.isEmpty() ? null : locks);
    }

    /**
     * Checks every lock held under {@code keys}; a key this process holds no lock under (a job run
     * without its launcher, as in tests of the step alone) is not checked.
     *
     * @throws LostLockException naming the first lock whose session ended
     */
    public static void verify(String... keys) {
        for (String key : keys) {
            for (Lock lock : HELD.getOrDefault(key, Set.of())) {
                lock.verify();
            }
        }
    }
}
