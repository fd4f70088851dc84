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
 * <p>Immutable and thread-safe.
 */
public final class ReadModelTarget {

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final String projection;
    private final long build;
    private final Map<String, String> tables;

    private ReadModelTarget(JdbcTemplate jdbc, String projection, long build, Map<String, String> tables) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.projection = Objects.requireNonNull(projection, "projection");
        this.build = build;
        this.tables = Collections.unmodifiableMap(tables);
    }

    /** The target of build {@code build} of a projection: each stable table {@code t} maps to {@code t__b<build>}. */
    public static ReadModelTarget forBuild(JdbcTemplate jdbc, Projection projection, long build) {
        Map<String, String> tables = new LinkedHashMap<>();
        for (String table : projection.tables()) {
            tables.put(table, TableNames.physical(table, build));
        }
        return new ReadModelTarget(jdbc, projection.name(), build, tables);
    }

    /** A target writing the stable tables themselves, with no blue/green copy (build 0). */
    public static ReadModelTarget direct(JdbcTemplate jdbc, Projection projection) {
        Map<String, String> tables = new LinkedHashMap<>();
        for (String table : projection.tables()) {
            tables.put(TableNames.checkStable(table), table);
        }
        return new ReadModelTarget(jdbc, projection.name(), 0, tables);
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
        return "ReadModelTarget[" + projection + " build " + build + " " + tables.values() + "]";
    }
}
