package dev.replay.archive;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/**
 * Where segments live under an archive's base URI, Hive-style so that other engines read the
 * partition column: {@code <base>/events/date=YYYY-MM-DD/seg-<store>-<runId>-<n>.parquet}, the date
 * being the UTC day of the events' {@code occurred_at} and {@code <store>} the writing store's
 * {@link ArchiveStoreId#token()}. Segments written before stores had ids are named
 * {@code seg-<runId>-<n>.parquet} (legacy: no store can claim them by name). Each store that
 * archives here leaves a marker {@code <base>/_stores/<store id>} ({@link ArchiveStoreGuard}).
 *
 * <p>The base is a {@code file:} URI with an absolute path or an {@code s3a://bucket[/prefix]}
 * URI; anything else is refused at construction with a message naming the value. A trailing
 * slash is ignored. Paths only: order never comes from listing them (see {@link ArchiveCatalog}).
 *
 * <p>Immutable and thread-safe.
 */
public final class ArchiveLayout {

    public static final String EVENTS_DIRECTORY = "events";
    public static final String PARTITION_KEY = "date";
    public static final String SEGMENT_SUFFIX = ".parquet";

    /** The directory of the store markers, beside {@code events}; engines reading {@code events/} never see it. */
    public static final String STORES_DIRECTORY = "_stores";

    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    // seg-<8 hex>-<run>-<n>.parquet; a legacy seg-<run>-<n>.parquet has no 8-hex token before a run and a number
    private static final Pattern STORE_SEGMENT = Pattern.compile("seg-([0-9a-f]{8})-(.+)-(\\d+)\\.parquet");

    private final URI base;

    public ArchiveLayout(URI base) {
        this.base = validate(base);
    }

    /** The layout under a base URI given as text, e.g. {@code s3a://bucket/archive}. */
    public static ArchiveLayout of(String base) {
        try {
            return new ArchiveLayout(new URI(Objects.requireNonNull(base, "base")));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("archive base must be a file: or s3a: URI, was '" + base + "'", e);
        }
    }

    /** The UTC day an instant belongs to, i.e. its partition. */
    public static LocalDate partitionDate(Instant occurredAt) {
        return EventCodec.utcDate(occurredAt);
    }

    public URI base() {
        return base;
    }

    /** {@code <base>/events}, the root of all partitions. */
    public Path eventsRoot() {
        return new Path(new Path(base), EVENTS_DIRECTORY);
    }

    /** {@code <base>/events/date=YYYY-MM-DD}. */
    public Path partition(LocalDate date) {
        return new Path(eventsRoot(), PARTITION_KEY + "=" + Objects.requireNonNull(date, "date"));
    }

    /**
     * {@code <base>/events/date=YYYY-MM-DD/seg-<runId>-<n>.parquet}.
     *
     * @param runId the archive run's id: letters, digits, {@code _ . -}, at most 64 characters
     * @param sequence the segment's number within the run, from 0
     */
    public Path segment(LocalDate date, String runId, int sequence) {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("runId must be 1-64 letters, digits, '_', '.' or '-', was '" + runId + "'");
        }
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative, was " + sequence);
        }
        return new Path(partition(date), "seg-" + runId + "-" + sequence + SEGMENT_SUFFIX);
    }

    /**
     * {@code <base>/events/date=YYYY-MM-DD/seg-<store>-<runId>-<n>.parquet}: a segment named for the
     * store that writes it.
     *
     * @param store the writing store
     * @param runId the archive run's id: letters, digits, {@code _ . -}, at most 64 characters
     * @param sequence the segment's number within the run, from 0
     */
    public Path segment(LocalDate date, ArchiveStoreId store, String runId, int sequence) {
        Objects.requireNonNull(store, "store");
        Path legacy = segment(date, runId, sequence);
        return new Path(legacy.getParent(), "seg-" + store.token() + "-" + runId + "-" + sequence + SEGMENT_SUFFIX);
    }

    /** {@code <base>/_stores}: one empty marker file per store that archives here, named by its id. */
    public Path storesRoot() {
        return new Path(new Path(base), STORES_DIRECTORY);
    }

    /** {@code <base>/_stores/<store id>}. */
    public Path storeMarker(ArchiveStoreId store) {
        return new Path(storesRoot(), store.toString());
    }

    /**
     * The store token a segment file's name carries ({@link ArchiveStoreId#token()}), or null for a
     * legacy name without one.
     */
    public static String storeToken(Path segment) {
        java.util.regex.Matcher matcher = STORE_SEGMENT.matcher(segment.getName());
        return matcher.matches() ? matcher.group(1) : null;
    }

    /** Whether a path names a segment file (by its name; hidden and temporary files are not). */
    public static boolean isSegmentFile(Path path) {
        String name = path.getName();
        return name.startsWith("seg-") && name.endsWith(SEGMENT_SUFFIX);
    }

    @Override
    public String toString() {
        return base.toString();
    }

    private static URI validate(URI base) {
        Objects.requireNonNull(base, "base");
        String scheme = base.getScheme();
        if ("file".equals(scheme)) {
            if (base.getPath() == null || !base.getPath().startsWith("/")) {
                throw new IllegalArgumentException("archive base file: URI must have an absolute path, was '" + base + "'");
            }
        } else if ("s3a".equals(scheme)) {
            if (base.getHost() == null || base.getHost().isBlank()) {
                throw new IllegalArgumentException("archive base s3a: URI must name a bucket (s3a://bucket/prefix), was '"
                        + base + "'");
            }
        } else {
            throw new IllegalArgumentException("archive base must be a file: or s3a: URI, was '" + base + "'");
        }
        if (base.getQuery() != null || base.getFragment() != null || base.getUserInfo() != null) {
            // user info would be credentials in the URI: refused, and the value not echoed
            throw new IllegalArgumentException("archive base must not carry user info, a query or a fragment, was '"
                    + (base.getUserInfo() != null ? base.getScheme() + "://***@" + base.getHost() : base.toString()) + "'");
        }
        String path = base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "");
        try {
            return new URI(scheme, base.getAuthority(), path.isEmpty() && "file".equals(scheme) ? "/" : path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("archive base is not a valid URI, was '" + base + "'", e);
        }
    }
}
