package dev.replay.writers.sql;

/**
 * A SQL projection that cannot work as declared, in one line naming the projection, the event type
 * (or the table) and the problem, e.g. {@code SQL projection [order-stats], event type OrderPlaced:
 * unknown placeholder {orders}, declared tables: [order_stat]}.
 */
public class SqlProjectionException extends IllegalArgumentException {

    public SqlProjectionException(String projection, String where, String problem, Throwable cause) {
        super("SQL projection [" + projection + "], " + where + ": " + problem, cause);
    }

    public SqlProjectionException(String projection, String where, String problem) {
        this(projection, where, problem, null);
    }
}
