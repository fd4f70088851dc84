package dev.replay.jobs.launch;

import dev.replay.jobs.support.HeldLocks;
import dev.replay.jobs.support.LostLockException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A PostgreSQL session advisory lock that says "this job is running", held on a connection of
 * its own for the whole run. A process that dies, even by SIGKILL, loses its connection and so
 * its lock at once; the job repository's STARTED status cannot tell that, the lock can.
 *
 * <p>Shared locks ({@link #acquireShared}) let many holders in and keep an exclusive holder of the
 * same key out; the archive tier uses the pair (see {@link JobRuns#readArchiveTier}).
 *
 * <p>While open it is registered in {@link HeldLocks}, whose {@link HeldLocks#verify} a step calls
 * before committing a chunk: a session that ended has released the lock without a word.
 *
 * <p>{@link #verify} and {@link #close} are thread-safe (partitions verify from their threads);
 * one lock guards one launch.
 */
public final class JobLock implements AutoCloseable, HeldLocks.Lock {

    private static final String HELD = """
            select exists (select 1 from pg_locks
                            where locktype = 'advisory' and pid = pg_backend_pid() and granted
                              and ((classid::bigint << 32) | objid::bigint) = hashtext(?)::bigint)
            """;

    private final Connection connection;
    private final String key;
    private final boolean shared;

    private JobLock(Connection connection, String key, boolean shared) {
        this.connection = connection;
        this.key = key;
        this.shared = shared;
        HeldLocks.add(this);
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public synchronized void verify() {
        try (PreparedStatement statement = connection.prepareStatement(HELD)) {
            statement.setQueryTimeout(30);
            statement.setString(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    throw new LostLockException(key, null);
                }
            }
        } catch (SQLException e) {
            throw new LostLockException(key, e);
        }
    }

    /** The shared lock on {@code key}; when an exclusive holder has it, runs {@code onWait} and waits. */
    public static JobLock acquireShared(DataSource dataSource, String key, Runnable onWait) {
        return acquire(dataSource, key, true, onWait);
    }

    /** The exclusive lock on {@code key}; when others hold it, runs {@code onWait} and waits. */
    public static JobLock acquireExclusive(DataSource dataSource, String key, Runnable onWait) {
        return acquire(dataSource, key, false, onWait);
    }

    private static JobLock acquire(DataSource dataSource, String key, boolean shared, Runnable onWait) {
        String suffix = shared ? "_shared" : "";
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            if (!call(connection, "select pg_try_advisory_lock" + suffix + "(hashtext(?))", key)) {
                onWait.run();
                call(connection, "select pg_advisory_lock" + suffix + "(hashtext(?)) is null", key);
            }
            return new JobLock(connection, key, shared);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new IllegalStateException("Failed to take the lock " + key + ": " + e.getMessage(), e);
        }
    }

    private static boolean call(Connection connection, String sql, String key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The lock on {@code key}, or empty when another session holds it. */
    public static Optional<JobLock> tryAcquire(DataSource dataSource, String key) {
        return tryAcquire(dataSource, key, false);
    }

    /** The shared lock on {@code key}, or empty when an exclusive holder has it. */
    public static Optional<JobLock> tryAcquireShared(DataSource dataSource, String key) {
        return tryAcquire(dataSource, key, true);
    }

    private static Optional<JobLock> tryAcquire(DataSource dataSource, String key, boolean shared) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            if (call(connection, "select pg_try_advisory_lock" + (shared ? "_shared" : "") + "(hashtext(?))", key)) {
                return Optional.of(new JobLock(connection, key, shared));
            }
            connection.close();
            return Optional.empty();
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new IllegalStateException("Failed to take the job lock " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        HeldLocks.remove(this);
        String unlock = shared ? "select pg_advisory_unlock_shared(hashtext(?))" : "select pg_advisory_unlock(hashtext(?))";
        try (PreparedStatement statement = connection.prepareStatement(unlock)) {
            statement.setString(1, key);
            statement.execute();
        } catch (SQLException e) {
            // closing the connection below releases the lock as well
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the session ends either way, and with it the lock
            }
        }
    }
}
