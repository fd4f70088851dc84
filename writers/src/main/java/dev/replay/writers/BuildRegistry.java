package dev.replay.writers;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/** The SQL on {@code projection_build}; every method runs in the caller's transaction. */
final class BuildRegistry {

    static final String BUILDING = "building";
    static final String LIVE = "live";
    static final String RETIRED = "retired";

    private final JdbcTemplate jdbc;

    BuildRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Serialises build changes of one projection until the transaction ends. */
    void lock(String projection) {
        jdbc.query("select pg_advisory_xact_lock(hashtext('replay.projection_build'), hashtext(?))",
                (RowCallbackHandler) rs -> { }, projection);
    }

    long insertNext(String projection) {
        long build = jdbc.queryForObject("select coalesce(max(build), 0) + 1 from projection_build where projection = ?",
                Long.class, projection);
        jdbc.update("insert into projection_build (projection, build, status) values (?, ?, ?)", projection, build, BUILDING);
        return build;
    }

    Optional<String> status(String projection, long build) {
        return jdbc.queryForList("select status from projection_build where projection = ? and build = ?",
                String.class, projection, build).stream().findFirst();
    }

    Optional<Long> liveBuild(String projection) {
        return jdbc.queryForList("select build from projection_build where projection = ? and status = ?",
                Long.class, projection, LIVE).stream().findFirst();
    }

    /** The live build and its mark (null when none was saved), its row locked until the transaction ends. */
    Optional<Live> lockLive(String projection) {
        return jdbc.query("select build, high_water_mark from projection_build where projection = ? and status = ?"
                + " for update", (rs, n) -> new Live(rs.getLong(1), rs.getString(2)), projection, LIVE).stream().findFirst();
    }

    /** A live build and the high-water mark saved with it. */
    record Live(long build, String highWaterMark) {
    }

    /** Every projection's live build's saved high-water mark, by projection; builds without one left out. */
    Map<String, String> liveHighWaterMarks() {
        Map<String, String> marks = new TreeMap<>();
        jdbc.query("select projection, high_water_mark from projection_build where status = ?"
                + " and high_water_mark is not null", (RowCallbackHandler) rs -> marks.put(rs.getString(1),
                rs.getString(2)), LIVE);
        return marks;
    }

    /** The saved marks of every projection's kept copies, as (projection, mark) pairs. */
    List<Map.Entry<String, String>> keptHighWaterMarks() {
        return jdbc.query("select projection, high_water_mark from projection_build where status = ?"
                + " and swapped_at is not null and dropped_at is null and high_water_mark is not null order by projection,"
                + " build", (rs, n) -> Map.entry(rs.getString(1), rs.getString(2)), RETIRED);
    }

    Optional<String> liveHighWaterMark(String projection) {
        return jdbc.queryForList("select high_water_mark from projection_build where projection = ? and status = ?",
                String.class, projection, LIVE).stream().filter(mark -> mark != null).findFirst();
    }

    /** Retires the previous live build and abandoned older builds, then marks {@code build} live. */
    void markLive(String projection, long build, String highWaterMark) {
        jdbc.update("update projection_build set status = ? where projection = ? and build <> ?"
                + " and (status = ? or (status = ? and build < ?))", RETIRED, projection, build, LIVE, BUILDING, build);
        jdbc.update("update projection_build set status = ?, swapped_at = now(), high_water_mark = ?"
                + " where projection = ? and build = ?", LIVE, highWaterMark, projection, build);
    }

    int updateLiveHighWaterMark(String projection, String highWaterMark) {
        return jdbc.update("update projection_build set high_water_mark = ? where projection = ? and status = ?",
                highWaterMark, projection, LIVE);
    }

    /**
     * The kept copies of a projection, newest first: retired builds that were live once and whose
     * tables are still there, what a rollback may swap back in.
     */
    List<Long> keptCopies(String projection) {
        return jdbc.queryForList("select build from projection_build where projection = ? and status = ?"
                + " and swapped_at is not null and dropped_at is null order by build desc", Long.class, projection, RETIRED);
    }

    /** The high-water mark saved with a build (null when none was), if the build exists. */
    Optional<String> highWaterMark(String projection, long build) {
        return jdbc.query("select high_water_mark from projection_build where projection = ? and build = ?",
                (rs, n) -> Optional.ofNullable(rs.getString(1)), projection, build).stream().findFirst().flatMap(m -> m);
    }

    /**
     * Retires the live build {@code live} and makes the kept copy {@code copy} live again, each row
     * keeping its own high-water mark: the mark of the data its tables hold.
     */
    void rollBack(String projection, long live, long copy) {
        jdbc.update("update projection_build set status = ? where projection = ? and build = ? and status = ?",
                RETIRED, projection, live, LIVE);
        jdbc.update("update projection_build set status = ?, swapped_at = now() where projection = ? and build = ?"
                + " and status = ?", LIVE, projection, copy, RETIRED);
    }

    /**
     * Retired builds whose tables are still there and are not among the {@code keep} most recently
     * live copies (by when they were last swapped in: the build numbers' order, unless a rollback
     * swapped an older copy back in); abandoned builds (never swapped in) are never kept.
     */
    List<Long> droppable(String projection, int keep) {
        return jdbc.queryForList("select build from (select build, swapped_at, row_number() over"
                + " (partition by swapped_at is not null order by swapped_at desc, build desc) as rank"
                + " from projection_build where projection = ? and status = ? and dropped_at is null) r"
                + " where swapped_at is null or rank > ? order by build", Long.class, projection, RETIRED, keep);
    }

    void markDropped(String projection, long build) {
        jdbc.update("update projection_build set dropped_at = now() where projection = ? and build = ?", projection, build);
    }

    /**
     * The privileges granted on a relation to roles other than its owner, as {@code GRANT} statements
     * for a relation of the same name, so that replacing a view keeps what readers were granted.
     */
    List<String> grants(String name) {
        return jdbc.queryForList("select 'grant ' || a.privilege_type || ' on ' || quote_ident(?) || ' to '"
                + " || case when a.grantee = 0 then 'public' else quote_ident(pg_get_userbyid(a.grantee)) end"
                + " || case when a.is_grantable then ' with grant option' else '' end"
                + " from pg_class c, aclexplode(c.relacl) a where c.oid = to_regclass(?) and a.grantee <> c.relowner",
                String.class, name, SqlIdentifiers.quote(name));
    }

    /** The kind of relation a name resolves to on the search path (r table, v view, ...), if any. */
    Optional<String> relationKind(String name) {
        return jdbc.queryForList("select relkind::text from pg_class where oid = to_regclass(?)", String.class,
                        SqlIdentifiers.quote(name))
                .stream().findFirst();
    }

    /** The tables of the current schema whose names start with {@code prefix}: a build's work tables. */
    List<String> workTables(String prefix) {
        return jdbc.queryForList("select relname::text from pg_class where relnamespace = current_schema()::regnamespace"
                + " and relkind in ('r', 'p', 'u') and starts_with(relname::text, ?) order by relname", String.class, prefix);
    }
}
