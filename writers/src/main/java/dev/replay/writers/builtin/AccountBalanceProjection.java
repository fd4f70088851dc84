package dev.replay.writers.builtin;

import dev.replay.writers.InvalidEventException;
import dev.replay.writers.ProjectedEvent;
import dev.replay.writers.Projection;
import dev.replay.writers.ReadModelTarget;
import dev.replay.writers.BuildFold;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The built-in {@code account-balances} projection of the sample Account domain:
 * {@code account_balance(account_id text primary key, balance numeric(19,2), status text, version bigint,
 * updated_at timestamptz)}. {@code AccountOpened} creates the row (balance 0, status {@code open}),
 * {@code Deposited} adds its {@code amount}, {@code Withdrawn} subtracts it, {@code AccountClosed}
 * sets status {@code closed}; version and updated_at are those of the last applied event.
 *
 * <p>An {@code amount} is either a JSON number (schema version 1, {@code {"amount": 12.34}}) or an
 * object with a decimal {@code value} ({@code {"amount": {"value": "12.34", "currency": "EUR"}}}, what
 * {@link DepositedAmountUpcaster} makes of it), so the projection gives the same balances whether
 * that upcaster is on or not. Plain numbers take the fast path (a scan, no tree); the currency is
 * not checked, as it never was for v1.
 *
 * <p>The events are folded per account in memory (each amount read as an exact {@link BigDecimal}
 * from the JSON number, never a double, and rounded half-even to the cents the balance keeps);
 * how the folds are written depends on the target:
 * <ul>
 *   <li><b>Building</b> (a full rebuild, read by nobody until the swap): the folds ({@link AccountBalanceBuildFold},
 *   one per chunk without a fold policy) are appended with
 *   one binary {@code COPY} to the work table {@code account_balance__b<n>__delta}, created with the
 *   build; {@link #completeBuild} folds it into {@code account_balance__b<n>} with one
 *   {@code insert ... select ... group by} and drops it. No row is updated during the rebuild.
 *   Given a fold policy, the writer folds many chunks before it appends ({@link #buildFold}), so the
 *   work table gets one row per account and flush rather than per account and chunk.</li>
 *   <li><b>Live</b> (catch-up into the live build, or a direct target): one statement per chunk
 *   updates or inserts every account of the chunk from arrays, after one query for their balances.</li>
 * </ul>
 *
 * <p><b>Applied once.</b> Both modes write in the caller's transaction, so a chunk's writes commit
 * with the step's checkpoint (see {@link dev.replay.writers.ProjectionItemWriter}) and a resumed
 * rebuild never applies a chunk twice. Completing a build checks that no account's delta rows
 * overlap and fails naming the account if they do. In live mode the upsert changes a row only when its stored version is below the
 * chunk's first version for that account, so re-applying a chunk that was already applied is a
 * no-op, not a double count. This guard is for whole chunks replayed again; exactly-once across
 * restarts comes from committing the writes with the step's checkpoint (see
 * {@link dev.replay.writers.ProjectionItemWriter}), under which a chunk never half-overlaps what
 * is stored. Versions must increase within an account, else the chunk fails naming the account.
 *
 * <p><b>Invalid events.</b> {@link #validate} refuses a payload that is not one JSON object, a
 * movement whose amount is missing, not a number, negative or beyond the range of
 * {@link AccountPayloads} (±9999999999999999.99), and an opening whose owner or currency is present
 * but odd. Both modes also refuse, before writing, an event that would take its account's balance
 * out of that range: the live mode reads the chunk's stored balances with one query, the build's fold
 * reads an account's written balance only when a bound says it could matter. With
 * {@code replay.skip-invalid} the writer dead-letters such an event and the account's later events
 * apply without it.
 *
 * <p>Stateless and thread-safe; {@link #perAggregate()} is true.
 */
public class AccountBalanceProjection implements Projection {

    public static final String NAME = "account-balances";
    public static final String TABLE = "account_balance";
    /** The purpose of the build's work table, {@code account_balance__b<n>__delta}. */
    static final String DELTA = "delta";

    private static final Set<String> TYPES = Set.of(AccountPayloads.OPENED, AccountPayloads.DEPOSITED,
            AccountPayloads.WITHDRAWN, AccountPayloads.CLOSED);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> eventTypes() {
        return TYPES;
    }

    @Override
    public List<String> tables() {
        return List.of(TABLE);
    }

    @Override
    public void createTables(ReadModelTarget target) {
        // a build gets its primary key when it completes: one sorted index build beats 10^5+ inserts into it
        target.jdbc().execute("create table " + target.table(TABLE) + " (account_id text"
                + (target.building() ? "" : " primary key") + ","
                + " balance numeric(19,2) not null, status text not null, version bigint not null,"
                + " updated_at timestamptz not null)");
        if (target.building()) {
            AccountBalanceDeltas.createTable(target.jdbc(), target.workTable(TABLE, DELTA));
        }
    }

    /**
     * Folds the build's delta table into its balance table and drops it; does nothing when that was
     * done already, or for a live target (which has no delta table).
     */
    @Override
    public void completeBuild(ReadModelTarget target) {
        if (!target.building()) {
            return;
        }
        AccountBalanceDeltas.compact(target.jdbc(), target.table(TABLE), deltaTable(target));
    }

    /**
     * Checks a movement's amount (a non-negative number within the range of {@link AccountPayloads})
     * and an opening's owner and currency when present; any other handled payload must be a JSON object.
     */
    @Override
    public void validate(ProjectedEvent event) {
        AccountPayloads.validate(event);
    }

    /**
     * Folds the chunk in memory, then writes it. An event that would take its account's balance out
     * of range throws an {@link InvalidEventException} before anything is written, so the writer may
     * dead-letter it and apply the chunk again without it.
     */
    @Override
    public void apply(List<ProjectedEvent> events, ReadModelTarget target) {
        if (target.building()) {
            AccountBalanceBuildFold fold = new AccountBalanceBuildFold(target);
            fold.add(events);
            fold.flush(target);
            return;
        }
        Map<String, long[]> stored = AccountBalanceUpsert.balances(target.jdbc(), target.table(TABLE), events);
        // sized for a chunk of distinct accounts, the usual case, so the map never rehashes
        Map<String, AccountFold> folds = new HashMap<>(events.size() * 4 / 3 + 1);
        List<AccountFold> order = new ArrayList<>(events.size());
        for (ProjectedEvent event : events) {
            AccountFold fold = folds.get(event.aggregateId());
            if (fold == null) {
                long[] row = stored.get(event.aggregateId());
                // a row at or past this version was written by this chunk before: the upsert leaves it, nothing to check
                fold = row == null ? new AccountFold(event.aggregateId(), event.version(), 0)
                        : row[1] >= event.version() ? new AccountFold(event.aggregateId(), event.version())
                        : new AccountFold(event.aggregateId(), event.version(), row[0]);
                folds.put(event.aggregateId(), fold);
                order.add(fold);
            }
            fold.add(event, AccountPayloads.amountCents(event), status(event.eventType()));
        }
        AccountBalanceUpsert.write(target.jdbc(), target.table(TABLE), order);
    }

    /** A build folds across chunks ({@link AccountBalanceBuildFold}) into the same work table as {@link #apply}. */
    @Override
    public BuildFold buildFold(ReadModelTarget target) {
        return new AccountBalanceBuildFold(target);
    }

    static String deltaTable(ReadModelTarget target) {
        return target.workTable(TABLE, DELTA);
    }

    /** The status an event of this type sets, null when it sets none. */
    static String status(String eventType) {
        return switch (eventType) {
            case AccountPayloads.OPENED -> "open";
            case AccountPayloads.CLOSED -> "closed";
            default -> null;
        };
    }
}
