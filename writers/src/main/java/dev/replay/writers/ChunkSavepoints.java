package dev.replay.writers;

import java.sql.Connection;
import java.sql.Savepoint;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Savepoints in the chunk's transaction, on the connection a {@link JdbcTemplate} shares with it:
 * so that a projection's writes for a chunk can be undone without losing the chunk's transaction.
 * Outside a transaction there is nothing to undo to, and no savepoint. Stateless.
 */
final class ChunkSavepoints {

    private ChunkSavepoints() {
    }

    /** A savepoint in the caller's transaction, or null when there is none. */
    static Savepoint set(JdbcTemplate jdbc) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return null;
        }
        return jdbc.execute((ConnectionCallback<Savepoint>) Connection::setSavepoint);
    }

    /** Undoes what was written since {@code savepoint}; does nothing for null. */
    static void rollbackTo(JdbcTemplate jdbc, Savepoint savepoint) {
        if (savepoint != null) {
            jdbc.execute((ConnectionCallback<Void>) connection -> {
                connection.rollback(savepoint);
                return null;
            });
        }
    }
}
