package dev.replay.writers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Where a projection writes: a {@link JdbcTemplate} on the replay's DataSource and the mapping
 * from stable table names to the physical tables of one build.
 *
 * <p>Targets for blue/green builds come from {@link ReadModelBuilds}; {@link #direct} writes the
 * stable names themselves (tests, or read models that are not rebuilt blue/green).
 * Table names are validated lower-case identifiers, so they may be put into SQL text as is.
 *
 * <p><b>Building or live.</b> A target is {@link #building()} when it writes a build in progress
 * that nobody reads until it is swapped in ({@link #forBuild}, from {@link ReadModelBuilds#startBuild}
 * and {@link ReadModelBuilds#resumeBuild}). A projection may then write in a form that is cheap
 * to append (see {@link #workTable}) and bring its tables into their final form in
 * {@link Projection#completeBuild}. A live target ({@link #forLiveBuild}, from
 * {@link ReadModelBuilds#live}, and {@link #direct}) writes tables that readers see: each chunk
 * must leave them in their final form.
 *
 * <p>Immutable and thread-safe.
 *
 * <p><b>Published SPI: source- and binary-compatible from version 0.1; additions only, with defaults.</b>
 * The SPI is {@code dev.replay.writers.Projection}, {@code ProjectedEvent}, {@code ReadModelTarget},
 * {@code dev.replay.readers.Event} and {@code dev.replay.readers.upcast.Upcaster}, what a plugin jar is
 * compiled against; no other class of the platform is part of it.
 */
public final class ReadModelTarget {

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final String projection;
    private final long build;
    private final Map<String, String> tables;
    private final boolean building;

    private ReadModelTarget(JdbcTemplate jdbc, String projection, long build, Map<String, String> tables,
                            boolean building) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.projection = Objects.requireNonNull(projection, "projection");
        this.build = build;
        this.tables = Collections.unmodifiableMap(tables);
        this.building = building;
    }

    /**
     * The {@linkplain #building() building} target of build {@code build} of a projection, not yet
     * swapped in: each stable table {@code t} maps to {@code t__b<build>}.
     */
    public static ReadModelTarget forBuild(JdbcTemplate jdbc, Projection projection, long build) {
        return new ReadModelTarget(jdbc, projection.name(), build, physicalTables(projection, build), true);
    }

    /** The live target of build {@code build}, swapped in and read: tables named as by {@link #forBuild}. */
    public static ReadModelTarget forLiveBuild(JdbcTemplate jdbc, Projection projection, long build) {
        return new ReadModelTarget(jdbc, projection.name(), build, physicalTables(projection, build), false);
    }

    private static Map<String, String> physicalTables(Projection projection, long build) {
        Map<String, String> tables = new LinkedHashMap<>();
        for (String table : projection.tables()) {
            tables.put(table, TableNames.physical(table, build));
        }
        return tables;
    }

    /** A live target writing the stable tables themselves, with no blue/green copy (build 0). */
    public static ReadModelTarget direct(JdbcTemplate jdbc, Projection projection) {
        Map<String, String> tables = new LinkedHashMap<>();
        for (String table : projection.tables()) {
            tables.put(TableNames.checkStable(table), table);
        }
        return new ReadModelTarget(jdbc, projection.name(), 0, tables, false);
    }

    /** Plain JDBC on the replay's DataSource, taking part in the caller's transaction. */
    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** Named-parameter JDBC on the same DataSource. */
    public NamedParameterJdbcTemplate namedJdbc() {
        return named;
    }

    /**
     * The physical name of a stable table in this build, e.g. {@code account_balance__b3}.
     *
     * @throws IllegalArgumentException naming the table when the projection does not declare it
     */
    public String table(String stableName) {
        String physical = tables.get(stableName);
        if (physical == null) {
            throw new IllegalArgumentException("Projection [" + projection + "] declares no table '"
                    + stableName + "', only " + tables.keySet());
        }
        return physical;
    }

    /**
     * A private work table of this build next to the physical table of {@code stableName}, e.g.
     * {@code account_balance__b3__delta} for purpose {@code delta}. The projection creates it (in
     * {@link Projection#createTables}) and may drop it (in {@link Projection#completeBuild});
     * {@link ReadModelBuilds} drops whatever is left of it with the build's tables.
     *
     * @throws IllegalStateException when this target is not building: live tables have no work tables
     * @throws IllegalArgumentException naming the value when the table is not declared, the purpose is
     *         not a lower-case word ({@code [a-z][a-z0-9]*}) or the name would pass 63 characters
     */
    public String workTable(String stableName, String purpose) {
        if (!building) {
            throw new IllegalStateException("Projection [" + projection + "] has no work table '" + purpose
                    + "' in " + this + ": only a build in progress has work tables");
        }
        return TableNames.work(table(stableName), purpose);
    }

    /**
     * Whether this target writes a build in progress, read by nobody until it is swapped in, rather
     * than tables that readers see.
     */
    public boolean building() {
        return building;
    }

    /** The stable names and their physical tables, in declaration order. */
    public Map<String, String> tables() {
        return tables;
    }

    /** The build number, 0 for a {@link #direct} target. */
    public long build() {
        return build;
    }

    public String projection() {
        return projection;
    }

    @Override
    public String toString() {
        return "ReadModelTarget[" + projection + (building ? " building" : " live") + " build " + build + " "
                + tables.values() + "]";
    }
}
