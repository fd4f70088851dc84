package dev.replay.jobs.run;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.jdbc.core.RowMapper;

/**
 * How a family's run table maps to its {@link Run} type, for the {@link JdbcRunLedger}: the table,
 * its columns (the first is {@code job_instance_id}), a row mapper over those columns in that
 * order, and the values of a run for them in the same order. Immutable.
 *
 * @param kind the family as a message names it, e.g. {@code Rebuild}
 * @param <R>  the family's run type
 */
public record RunTable<R extends Run>(String kind, String table, List<String> columns, RowMapper<R> mapper,
                                      Function<R, Object[]> values) {

    public RunTable {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(mapper, "mapper");
        Objects.requireNonNull(values, "values");
        if (columns.isEmpty() || !"job_instance_id".equals(columns.get(0))) {
            throw new IllegalArgumentException("columns of " + table + " must start with job_instance_id, were "
                    + columns);
        }
        columns = List.copyOf(columns);
    }
}
