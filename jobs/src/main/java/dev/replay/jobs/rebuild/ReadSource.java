package dev.replay.jobs.rebuild;

import java.util.Objects;
import javax.sql.DataSource;

/**
 * Where replays read the hot store: the primary DataSource, or a read replica. Not a
 * {@link DataSource} bean itself, so the application keeps exactly one primary DataSource for
 * writes, the catalog and the job repository.
 *
 * @param replica true when reads go to a replica rather than the primary
 */
public record ReadSource(DataSource dataSource, boolean replica) {

    public ReadSource {
        Objects.requireNonNull(dataSource, "dataSource");
    }
}
