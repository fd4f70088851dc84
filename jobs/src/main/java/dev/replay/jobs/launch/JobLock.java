package dev.replay.jobs.launch;

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
 * <p>Not thread-safe; one lock guards one launch.
 */
public final class JobLock implements AutoCloseable {

    private final Connection connection;
    private final String key;

    private JobLock(Connection connection, String key) {
        this.connection = connection;
        this.key = key;
    }

    /** The lock on {@code key}, or empty when another session holds it. */
    public static Optional<JobLock> tryAcquire(DataSource dataSource, String key) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(hashtext(?))")) {
                statement.setString(1, key);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return Optional.of(new JobLock(connection, key));
                    }
                }
            }
            connection.close();
            return Optional.empty();
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new IllegalStateException("Failed to take the job lock " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try (PreparedStatement statement = connection.prepareStatement("select pg_advisory_unlock(hashtext(?))")) {
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
