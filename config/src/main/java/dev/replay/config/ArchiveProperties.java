package dev.replay.config;

import static dev.replay.config.PropertyChecks.positive;

import dev.replay.archive.S3aSettings;
import dev.replay.archive.ArchiveSettings;
import dev.replay.readers.BucketRange;
import jakarta.validation.constraints.Positive;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Archive settings under {@code replay.archive.*}.
 *
 * @param uri where segments go: {@code file:///...} or {@code s3a://bucket/prefix}; default
 *            {@code file://<replay.data-dir, absolute>/archive}
 * @param segmentMaxRows at most this many events per segment (default 500,000)
 * @param segmentMaxBytes at most about this much event data per segment, before compression: a size
 *                        such as {@code 256MB} or {@code 1GB}, or a number of bytes (default 512MB)
 * @param pageSize events per keyset page read from the hot store (default 10,000)
 * @param bucketFiles the segments a chunk of 8,192 events or more of a day is split into, one per
 *                    group of partition buckets, so that a partition of a rebuild reads only its
 *                    share of the archive: 1, 2, 4, 8, 16, 32 or 64 (default 8; 1 never splits)
 * @param s3a how S3A reaches the store; only for an {@code s3a:} uri
 */
@Validated
@ConfigurationProperties("replay.archive")
public record ArchiveProperties(String uri,
        @Positive(message = "must be positive") @DefaultValue("" + ArchiveSettings.DEFAULT_SEGMENT_MAX_ROWS)
        int segmentMaxRows,
        @DefaultValue("" + ArchiveSettings.DEFAULT_SEGMENT_MAX_BYTES) DataSize segmentMaxBytes,
        @Positive(message = "must be positive") @DefaultValue("" + ArchiveSettings.DEFAULT_PAGE_SIZE) int pageSize,
        @DefaultValue("" + ArchiveSettings.DEFAULT_BUCKET_FILES) int bucketFiles,
        S3a s3a) {

    public ArchiveProperties {
        if (!BucketRange.isGroupCount(bucketFiles)) {
            throw new InvalidConfigurationException("replay.archive.bucket-files must be one of 1, 2, 4, 8, 16, 32, 64, was "
                    + bucketFiles);
        }
        positive("replay.archive.segment-max-bytes", segmentMaxBytes); // Bean Validation has no size constraint
        s3a = s3a == null ? new S3a(null, null, null, null, null, null, null, null) : s3a;
    }

    /** The archive's base URI: the configured one, else a directory beside the embedded data. */
    public String uri(Path dataDir) {
        return uri != null && !uri.isBlank() ? uri : dataDir.toAbsolutePath().normalize().resolve("archive").toUri().toString();
    }

    ArchiveSettings settings() {
        return new ArchiveSettings(segmentMaxRows, segmentMaxBytes.toBytes(), pageSize, ArchiveSettings.DEFAULTS.writeOptions(),
                bucketFiles);
    }

    /**
     * S3A settings under {@code replay.archive.s3a.*}. Credentials: {@code access-key} and
     * {@code secret-key} from properties or the environment ({@code REPLAY_ARCHIVE_S3A_ACCESS_KEY},
     * {@code REPLAY_ARCHIVE_S3A_SECRET_KEY}); when unset, S3A's default chain (AWS environment
     * variables, profile, instance role). The secret is never logged nor shown by {@link #toString}.
     *
     * @param pathStyleAccess default false (virtual-host style, as AWS)
     * @param sslEnabled default true
     * @param properties further {@code fs.s3a.*} Hadoop properties
     */
    public record S3a(String endpoint, String region, Boolean pathStyleAccess, Boolean sslEnabled,
                      String credentialsProvider, String accessKey, String secretKey, Map<String, String> properties) {

        S3aSettings settings() {
            boolean staticKeys = accessKey != null && !accessKey.isBlank();
            String provider = credentialsProvider != null ? credentialsProvider
                    : staticKeys ? S3aSettings.SIMPLE_CREDENTIALS : null;
            return new S3aSettings(blankToNull(endpoint), blankToNull(region), Boolean.TRUE.equals(pathStyleAccess),
                    !Boolean.FALSE.equals(sslEnabled), provider, staticKeys ? accessKey : null,
                    staticKeys ? secretKey : blankToNull(secretKey), properties);
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value;
        }

        @Override
        public String toString() {
            return settings().toString();
        }
    }
}
