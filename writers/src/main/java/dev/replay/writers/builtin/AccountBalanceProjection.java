package dev.replay.writers.builtin;

import dev.replay.writers.InvalidEventException;
import dev.replay.writers.ProjectedEvent;
import dev.replay.writers.Projection;
import dev.replay.writers.ReadModelTarget;
import dev.replay.writers.BuildFold;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

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
 *   <li><b>Building</b> (a full rebuild, read by nobody until the swap): the folds are appended with
 *   one binary {@code COPY} to the work table {@code account_balance__b<n>__delta}, created with the
 *   build; {@link #completeBuild} folds it into {@code account_balance__b<n>} with one
 *   {@code insert ... select ... group by} and drops it. No row is updated during the rebuild.
 *   Given a fold policy, the writer folds many chunks before it appends ({@link #buildFold}), so the
 *   work table gets one row per account and flush rather than per account and chunk.</li>
 *   <li><b>Live</b> (catch-up into the live build, or a direct target): one statement per chunk
 *   updates or inserts every account of the chunk from arrays, so a chunk costs one round trip.</li>
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
 * <p>Stateless and thread-safe; {@link #perAggregate()} is true.
 */
public class AccountBalanceProjection implements Projection {

    public static final String NAME = "account-balances";
    public static final String TABLE = "account_balance";
    /** The purpose of the build's work table, {@code account_balance__b<n>__delta}. */
    static final String DELTA = "delta";

    private static final String OPENED = "AccountOpened";
    private static final String DEPOSITED = "Deposited";
    private static final String WITHDRAWN = "Withdrawn";
    private static final String CLOSED = "AccountClosed";
    private static final Set<String> TYPES = Set.of(OPENED, DEPOSITED, WITHDRAWN, CLOSED);

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

    @Override
    public void validate(ProjectedEvent event) {
        if (amount(event) == null) {
            event.topLevelDecimal("amount"); // every handled payload must be valid JSON, not only the movements'
        }
    }

    @Override
    public void apply(List<ProjectedEvent> events, ReadModelTarget target) {
        // sized for a chunk of distinct accounts, the usual case, so the map never rehashes
        Map<String, AccountFold> folds = new HashMap<>(events.size() * 4 / 3 + 1);
        List<AccountFold> order = new ArrayList<>(events.size());
        for (ProjectedEvent event : events) {
            AccountFold fold = folds.get(event.aggregateId());
            if (fold == null) {
                fold = new AccountFold(event.aggregateId(), event.version());
                folds.put(event.aggregateId(), fold);
                order.add(fold);
            }
            fold(fold, event);
        }
        if (target.building()) {
            AccountBalanceDeltas.append(target.jdbc(), deltaTable(target), order);
        } else {
            AccountBalanceUpsert.write(target.jdbc(), target.table(TABLE), order);
        }
    }

    /** A build folds across chunks ({@link AccountBalanceBuildFold}) into the same work table as {@link #apply}. */
    @Override
    public BuildFold buildFold(ReadModelTarget target) {
        return new AccountBalanceBuildFold();
    }

    static void fold(AccountFold fold, ProjectedEvent event) {
        fold.add(event, amountCents(event), status(event.eventType()));
    }

    /** The signed amount of a movement in whole cents, 0 for other events. */
    static long amountCents(ProjectedEvent event) {
        BigDecimal amount = amount(event);
        return amount == null ? 0 : cents(amount);
    }

    static String deltaTable(ReadModelTarget target) {
        return target.workTable(TABLE, DELTA);
    }

    /** The amount in whole cents, rounded half-even: numeric(19,2) is what the balance keeps. */
    private static long cents(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_EVEN).movePointRight(2).longValueExact();
    }

    private static String describe(JsonNode amount) {
        return amount == null ? "missing" : amount.toString();
    }

    /** The signed amount of a movement, null for other events. */
    private static BigDecimal amount(ProjectedEvent event) {
        boolean deposit = DEPOSITED.equals(event.eventType());
        if (!deposit && !WITHDRAWN.equals(event.eventType())) {
            return null;
        }
        BigDecimal value = event.topLevelDecimal("amount").orElseGet(() -> structuredAmount(event));
        if (value.signum() < 0) {
            throw new InvalidEventException(event.event(), "amount must not be negative, was " + value.toPlainString());
        }
        return deposit ? value : value.negate();
    }

    /**
     * The {@code value} of an amount of the form {@code {"value": "12.34", "currency": "EUR"}}
     * ({@code Deposited} v2, see {@link DepositedAmountUpcaster}), a decimal string or a JSON number.
     * Only reached when {@code amount} is not a plain number, so v1 events never build a tree.
     */
    private static BigDecimal structuredAmount(ProjectedEvent event) {
        JsonNode amount = event.json().get("amount");
        JsonNode value = amount != null && amount.isObject() ? amount.get("value") : null;
        if (value != null && value.isNumber()) {
            return value.decimalValue();
        }
        if (value != null && value.isString()) {
            try {
                return new BigDecimal(value.stringValue());
            } catch (NumberFormatException e) {
                // reported below, naming the whole amount
            }
        }
        throw new InvalidEventException(event.event(), "amount must be a JSON number or an object with a decimal"
                + " value, was " + describe(amount));
    }

    /** The status an event of this type sets, null when it sets none. */
    static String status(String eventType) {
        return switch (eventType) {
            case OPENED -> "open";
            case CLOSED -> "closed";
            default -> null;
        };
    }
}
