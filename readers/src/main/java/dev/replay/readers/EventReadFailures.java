package dev.replay.readers;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.NonTransientDataAccessResourceException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;

/**
 * Names the reader and its position on a failed page query, keeping the failure's family, so
 * that a retry or skip policy that classifies by type still tells transient from fatal.
 */
final class EventReadFailures {

    private EventReadFailures() {
    }

    static DataAccessException wrap(String reader, EventKey after, DataAccessException cause) {
        String message = "Reader [" + reader + "]. Failed to read events after "
                + (after == null ? "the start" : after) + ": " + cause.getMessage();
        if (cause instanceof TransientDataAccessException) {
            return new TransientDataAccessResourceException(message, cause);
        }
        if (cause instanceof RecoverableDataAccessException) {
            return new RecoverableDataAccessException(message, cause);
        }
        return new NonTransientDataAccessResourceException(message, cause);
    }
}
