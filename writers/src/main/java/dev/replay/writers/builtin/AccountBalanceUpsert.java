package dev.replay.writers.builtin;

import java.math.BigDecimal;
import dev.replay.writers.ProjectedEvent;
import java.sql.Connection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * Writes one chunk's account folds with a single statement: the folds travel as arrays
 * ({@code unnest}), existing rows are updated and new ones inserted in one round trip, and the
 * server runs one plan for the whole chunk instead of one statement per account.
 *
 * <p>An existing row changes only when its stored version is below the chunk's first version of
 * that account, so a chunk that was applied already is not applied again. The insert's
 * {@code not exists} sees the table as it was when the statement started, so an account is
 * either updated (or left alone) or inserted, never both.
 */
final class AccountBalanceUpsert {

    private static final BigDecimal MAX = new BigDecimal(AccountPayloads.MAX_TEXT);

    private AccountBalanceUpsert() {
    }

    static String sql(String table) {
        return "with input (account_id, delta, status, status_changed, first_version, last_version, updated_at) as ("
                + " select * from unnest(?::text[], ?::numeric[], ?::text[], ?::boolean[], ?::bigint[], ?::bigint[],"
                + " ?::text[]::timestamptz[])),"
                + " updated as (update " + table + " as t set balance = t.balance + i.delta,"
                + " status = case when i.status_changed then i.status else t.status end,"
                + " version = i.last_version, updated_at = i.updated_at"
                + " from input i where t.account_id = i.account_id and t.version < i.first_version)"
                + " insert into " + table + " (account_id, balance, status, version, updated_at)"
                + " select i.account_id, i.delta, i.status, i.last_version, i.updated_at from input i"
                + " where not exists (select 1 from " + table + " t where t.account_id = i.account_id)";
    }

    /**
     * The stored balance, in cents, and version of the accounts of {@code events} that have a row; one
     * indexed query for the chunk, so that each event's effect on a balance can be checked before
     * anything is written.
     *
     * @throws IllegalStateException naming the account when a stored balance is beyond what the
     *         projection computes in (written by hand, or by a version that did not check)
     */
    static Map<String, long[]> balances(JdbcTemplate jdbc, String table, List<ProjectedEvent> events) {
        Set<String> ids = new HashSet<>();
        for (ProjectedEvent event : events) {
            ids.add(event.aggregateId());
        }
        Map<String, long[]> balances = new HashMap<>(ids.size() * 4 / 3 + 1);
        jdbc.query("select account_id, balance, version from " + table + " where account_id = any(?)",
                statement -> statement.setArray(1, statement.getConnection().createArrayOf("text", ids.toArray())),
                (RowCallbackHandler) rs -> {
                    BigDecimal balance = rs.getBigDecimal(2);
                    if (balance.abs().compareTo(MAX) > 0) {
                        throw new IllegalStateException("Table " + table + ": the balance of account "
                                + rs.getString(1) + " is " + balance.toPlainString() + ", beyond ±"
                                + AccountPayloads.MAX_TEXT);
                    }
                    balances.put(rs.getString(1), new long[] {balance.movePointRight(2).longValueExact(), rs.getLong(3)});
                });
        return balances;
    }

    static void write(JdbcTemplate jdbc, String table, List<AccountFold> folds) {
        int n = folds.size();
        String[] ids = new String[n];
        BigDecimal[] deltas = new BigDecimal[n];
        String[] statuses = new String[n];
        Boolean[] changed = new Boolean[n];
        Long[] first = new Long[n];
        Long[] last = new Long[n];
        String[] updatedAt = new String[n];
        for (int i = 0; i < n; i++) {
            AccountFold fold = folds.get(i);
            ids[i] = fold.accountId;
            deltas[i] = BigDecimal.valueOf(fold.cents, 2);
            statuses[i] = fold.status == null ? "open" : fold.status;
            changed[i] = fold.status != null;
            first[i] = fold.firstVersion;
            last[i] = fold.lastVersion;
            updatedAt[i] = fold.updatedAt.toString();
        }
        jdbc.update(sql(table), statement -> {
            Connection connection = statement.getConnection();
            statement.setArray(1, connection.createArrayOf("text", ids));
            statement.setArray(2, connection.createArrayOf("numeric", deltas));
            statement.setArray(3, connection.createArrayOf("text", statuses));
            statement.setArray(4, connection.createArrayOf("bool", changed));
            statement.setArray(5, connection.createArrayOf("int8", first));
            statement.setArray(6, connection.createArrayOf("int8", last));
            statement.setArray(7, connection.createArrayOf("text", updatedAt));
        });
    }
}
