package dev.replay.writers;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The high-water marks of the kept copies (retired builds whose tables are kept, see
 * {@link ReadModelBuilds#rollback}): a rolled-back copy's next catch-up reads the hot store from
 * its mark, so archival must leave what committed after it in the hot store, as it does for the
 * live builds' marks. Reads in the caller's transaction, if any. Thread-safe.
 */
public class KeptCopyMarks {

    private final BuildRegistry registry;

    public KeptCopyMarks(DataSource dataSource) {
        this.registry = new BuildRegistry(new JdbcTemplate(Objects.requireNonNull(dataSource, "dataSource")));
    }

    /** Every kept copy's saved mark, as (projection, mark) pairs, by projection and build. */
    public List<Map.Entry<String, String>> highWaterMarks() {
        return registry.keptHighWaterMarks();
    }
}
