package dev.replay.writers;

import java.util.List;
import java.util.Set;

/**
 * A projection: user code (a Spring bean, or a class with a public no-argument constructor listed in
 * a plugin jar's {@code META-INF/services/dev.replay.writers.Projection}) or a built-in that folds
 * events into a read model of one or more PostgreSQL tables.
 *
 * <p><b>Tables.</b> {@link #tables()} names the stable read-model tables that readers query
 * (e.g. {@code account_balance}). A rebuild never writes them directly: each build gets its own
 * physical copies, named by {@link ReadModelTarget#table(String)} (e.g. {@code account_balance__b3}),
 * and the stable name becomes a view over the live copy when the build is swapped in
 * ({@link ReadModelBuilds}). Projections therefore always resolve names through the target.
 *
 * <p><b>Event types.</b> Only events whose type is in {@link #eventTypes()} reach the projection;
 * the others are skipped without their payload being parsed. An <em>empty</em> set means the
 * projection handles every event type.
 *
 * <p><b>Exactly once.</b> {@link #apply} runs inside the caller's transaction (the chunk
 * transaction of the step, on the same DataSource as the job repository), so its writes commit
 * together with the step's checkpoint. A projection must not commit, roll back or open its own
 * connections; it writes through {@link ReadModelTarget#jdbc()}.
 *
 * <p><b>Performance.</b> {@link #apply} receives a whole chunk (thousands of events) and should
 * fold it in memory and write with a few batched statements, never one statement per event.
 * When the target is {@linkplain ReadModelTarget#building() building}, nobody reads its tables
 * until the swap, so a projection may append what a chunk changed to a work table of the build
 * ({@link ReadModelTarget#workTable}) and fold it into the final tables once, in
 * {@link #completeBuild}, instead of updating rows chunk after chunk.
 *
 * <p>Implementations are expected to be stateless between calls and thread-safe: partitioned
 * replays call one projection from several threads, each with its own chunk.
 *
 * <p><b>Published SPI: source- and binary-compatible from version 0.1; additions only, with defaults.</b>
 * The SPI is {@code dev.replay.writers.Projection}, {@code ProjectedEvent}, {@code ReadModelTarget},
 * {@code dev.replay.readers.Event} and {@code dev.replay.readers.upcast.Upcaster}, what a plugin jar is
 * compiled against, with the two types this interface's signatures name and keep compatible with it:
 * {@link InvalidEventException}, which {@link #validate} and {@link #apply} throw, and the optional
 * {@link BuildFold} of {@link #buildFold}. No other class of the platform is part of it.
 */
public interface Projection {

    /** The projection's name, unique in the application, e.g. {@code account-balances}. */
    String name();

    /** The event types this projection handles; empty means all types. */
    Set<String> eventTypes();

    /** The stable names of the read-model tables, lower-case SQL identifiers, e.g. {@code account_balance}. */
    List<String> tables();

    /** Creates this build's physical tables, named by {@code target.table(stableName)}. */
    void createTables(ReadModelTarget target);

    /**
     * Checks one handled event before its chunk is applied, so that an event the projection
     * cannot apply is found before anything is written (and can be dead-lettered).
     * The default parses the payload; a projection that never reads payloads may do nothing.
     *
     * @throws InvalidEventException naming the event when it cannot be applied
     */
    default void validate(ProjectedEvent event) {
        event.json();
    }

    /**
     * Applies a chunk of handled, validated events, in replay order, within the caller's transaction.
     *
     * @throws InvalidEventException for an event that cannot be applied after all (e.g. its effect on
     *         the read model is out of range); with {@code replay.skip-invalid} the writer rolls the
     *         chunk's writes back to before this call, dead-letters the event and applies the rest
     *         again, so throw it before writing when you can
     */
    void apply(List<ProjectedEvent> events, ReadModelTarget target);

    /**
     * Brings a full build into its final form, once its last chunk has been applied: e.g. folds a
     * work table into the read-model tables and drops it. {@link ReadModelBuilds#swap} calls it for a
     * build that is not yet live, in the swap's transaction, before the stable names point at the
     * build; a live build is never completed again. The default does nothing, for projections whose
     * {@link #apply} writes final tables in building mode too.
     *
     * <p><b>Restart.</b> It runs in the same transaction as the swap, so a failure or a crash rolls
     * both back and the next swap runs it again on the build as it was. It must also be harmless when
     * called again on a build it has already completed (e.g. it did nothing when its work table is gone).
     */
    default void completeBuild(ReadModelTarget target) {
    }

    /**
     * An in-memory fold for a {@linkplain ReadModelTarget#building() building} target that spans
     * chunks (see {@link BuildFold}), or {@code null} (the default) to have every chunk written by
     * {@link #apply}. Worth it when a chunk's events touch mostly different aggregates, so that
     * {@link #apply} would write about one row per event. Called once per step execution (a
     * partition gets its own); never for a live target.
     */
    default BuildFold buildFold(ReadModelTarget target) {
        return null;
    }

    /**
     * Whether the projection's state for one aggregate depends only on that aggregate's events,
     * so a replay may be partitioned by aggregate id. Defaults to {@code true}.
     */
    default boolean perAggregate() {
        return true;
    }

    /** Whether this projection handles events of the given type. */
    default boolean handles(String eventType) {
        Set<String> types = eventTypes();
        return types.isEmpty() || types.contains(eventType);
    }
}
