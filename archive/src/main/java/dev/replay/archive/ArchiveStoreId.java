package dev.replay.archive;

import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The identity of a store, i.e. of one database's hot store and archive catalog: a random UUID
 * created once by migration V20 and kept in {@code archive_store}. Segments carry it in their
 * file names ({@link #token()}, see {@link ArchiveLayout#segment(java.time.LocalDate, ArchiveStoreId, String, int)})
 * and footers, and an archive location holds one marker per store ({@link ArchiveStoreGuard}),
 * so that two stores pointed at one location by mistake never take each other's segments for
 * orphans.
 *
 * <p>Immutable and thread-safe.
 *
 * @param value the store's id
 */
public record ArchiveStoreId(UUID value) {

    /** Length of {@link #token()}: 8 hex digits, enough with the markers, which carry the full id. */
    public static final int TOKEN_LENGTH = 8;

    public ArchiveStoreId {
        Objects.requireNonNull(value, "value");
    }

    /** The store id of the database behind {@code dataSource}. */
    public static ArchiveStoreId of(DataSource dataSource) {
        UUID id = new JdbcTemplate(dataSource).queryForObject("select store_id from archive_store", UUID.class);
        return new ArchiveStoreId(id);
    }

    /** An id given as text, e.g. a marker's name; {@link IllegalArgumentException} naming it if it is no UUID. */
    public static ArchiveStoreId parse(String text) {
        try {
            return new ArchiveStoreId(UUID.fromString(text));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("store id must be a UUID, was '" + text + "'", e);
        }
    }

    /** The first 8 hex digits of the id: what segment file names carry. */
    public String token() {
        return value.toString().substring(0, TOKEN_LENGTH);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
