package dev.replay.writers.builtin;

import dev.replay.readers.copy.PgBinaryCopy;
import java.sql.SQLException;
import java.util.Collection;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.PSQLException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The building mode of {@code account-balances}: each chunk's account folds are appended with one
 * binary {@code COPY} to an index-free work table of the build, and {@link #compact} folds that
 * table into the balance table once, with one set-based statement, when the build completes.
 *
 * <p>Appending costs no index lookup and no row update, which is what limits the live mode's
 * upsert when a chunk touches thousands of accounts. The {@code COPY} runs on the connection of
 * the caller's transaction, so it commits or rolls back with the chunk's checkpoint.
 *
 * <p>Each delta row is one account's events of one chunk (or of one flush of an
 * {@link AccountBalanceBuildFold}): the balance change in cents (a bigint sum, the cheap kind), the version range,
 * the version at which the chunk last opened or closed the account (null when it did neither),
 * and the time of its last event. Stateless; thread-safe.
 */
final class AccountBalanceDeltas {

    private static final int FIELDS = 7;
    private static final int PART_ROWS = 20_000;

    private AccountBalanceDeltas() {
    }

    static void createTable(JdbcTemplate jdbc, String deltaTable) {
        jdbc.execute("create table " + deltaTable + " (account_id text not null, delta_cents bigint not null,"
                + " first_version bigint not null, last_version bigint not null, opened_version bigint,"
                + " closed_version bigint, updated_at timestamptz not null)");
    }

    static void append(JdbcTemplate jdbc, String deltaTable, Collection<AccountFold> folds) {
        stream(jdbc, deltaTable, sink -> {
            for (AccountFold fold : folds) {
                sink.add(fold.accountId, fold.cents, fold.firstVersion, fold.lastVersion, fold.status,
                        fold.statusVersion, PgBinaryCopy.pgMicros(fold.updatedAt));
            }
        });
    }

    /**
     * Adds one account's delta row.
     *
     * @param status {@code open}, {@code closed} or null (unchanged), set at {@code statusVersion}
     * @param updatedAt the last event's time as {@link PgBinaryCopy#pgMicros}
     */
    private static void row(PgBinaryCopy rows, String accountId, long cents, long firstVersion, long lastVersion,
                            String status, long statusVersion, long updatedAt) {
        rows.row().text(accountId).int8(cents).int8(firstVersion).int8(lastVersion)
                .int8("open".equals(status) ? Long.valueOf(statusVersion) : null)
                .int8("closed".equals(status) ? Long.valueOf(statusVersion) : null)
                .timestamptz(updatedAt);
    }

    /**
     * Appends the rows {@code writer} adds with one binary {@code COPY} sent in parts of
     * {@value #PART_ROWS} rows, so a flush of a million accounts never holds their encoding at once.
     */
    static void stream(JdbcTemplate jdbc, String deltaTable, RowWriter writer) {
        jdbc.execute((ConnectionCallback<Long>) connection -> {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql(deltaTable));
            try {
                PgBinaryCopy rows = new PgBinaryCopy(FIELDS, PART_ROWS * 96);
                int[] inPart = {0};
                writer.write((accountId, cents, first, last, status, statusVersion, updatedAt) -> {
                    row(rows, accountId, cents, first, last, status, statusVersion, updatedAt);
                    if (++inPart[0] == PART_ROWS) {
                        rows.writeTo(copy);
                        inPart[0] = 0;
                    }
                });
                return rows.endCopy(copy);
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        });
    }

    /** Adds rows through a {@link RowSink}. */
    @FunctionalInterface
    interface RowWriter {
        void write(RowSink sink) throws SQLException;
    }

    /** Takes one delta row, as {@link #row} does. */
    @FunctionalInterface
    interface RowSink {
        void add(String accountId, long cents, long firstVersion, long lastVersion, String status, long statusVersion,
                 long updatedAt) throws SQLException;
    }

    private static String copySql(String deltaTable) {
        return "copy " + deltaTable + " (account_id, delta_cents, first_version, last_version, opened_version,"
                + " closed_version, updated_at) from stdin (format binary)";
    }

    /**
     * Inserts one row per account of the delta table into the (empty) balance table, then drops the
     * delta table; does nothing when the delta table is gone, i.e. the build was compacted already.
     *
     * <p>The status is that of the latest opening or closing event; version and updated_at are those
     * of the account's last event (in replay order an account's timestamps grow with its versions).
     * Sanity check in the same pass: an account whose delta rows cover more versions than the span
     * from its first to its last version has overlapping rows, i.e. a chunk applied twice.
     *
     * @throws IllegalStateException naming the account and its versions when its delta rows overlap
     */
    static void compact(JdbcTemplate jdbc, String balanceTable, String deltaTable) {
        if (jdbc.queryForObject("select to_regclass(?) is null", Boolean.class, deltaTable)) {
            return;
        }
        jdbc.execute("analyze " + deltaTable); // without statistics the planner expects 200 accounts
        jdbc.execute("set local work_mem = '256MB'"); // one hash aggregate over every account, in memory
        try {
            jdbc.execute(compactSql(balanceTable, deltaTable));
        } catch (DataAccessException e) {
            if (e.getMostSpecificCause() instanceof PSQLException sql && "P0001".equals(sql.getSQLState())
                    && sql.getServerErrorMessage() != null) {
                throw new IllegalStateException("Table " + deltaTable + " cannot be compacted into " + balanceTable
                        + ": the delta rows of account " + sql.getServerErrorMessage().getMessage()
                        + " overlap, a chunk was applied twice", e);
            }
            throw e;
        }
        jdbc.execute("alter table " + balanceTable + " add primary key (account_id)");
        jdbc.execute("drop table " + deltaTable);
    }

    /** One aggregate pass that inserts every account and fails on the first overlapping one (replay_raise). */
    static String compactSql(String balanceTable, String deltaTable) {
        return "insert into " + balanceTable + " (account_id, balance, status, version, updated_at)"
                + " select account_id, balance, status, version, updated_at from ("
                + "select account_id, (sum(delta_cents)::numeric / 100)::numeric(19,2) as balance,"
                + " case when max(closed_version) > coalesce(max(opened_version), 0) then 'closed' else 'open' end"
                + " as status, max(last_version) as version, max(updated_at) as updated_at,"
                + " sum((last_version - first_version + 1)::integer) as covered, min(first_version) as first_version"
                + " from " + deltaTable + " group by account_id) folded"
                + " where covered <= version - first_version + 1 or replay_raise(account_id || ' (versions '"
                + " || first_version || ' to ' || version || ', ' || covered || ' covered)')";
    }
}
