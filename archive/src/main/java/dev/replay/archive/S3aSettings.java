package dev.replay.archive;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How S3A reaches an S3-compatible store. Null fields leave S3A's own defaults (AWS endpoints,
 * the default credentials chain).
 *
 * @param endpoint e.g. {@code http://127.0.0.1:9000}; null for AWS
 * @param region e.g. {@code us-east-1}; null to let S3A resolve it
 * @param pathStyleAccess {@code http://host/bucket/key} instead of {@code http://bucket.host/key}
 * @param sslEnabled whether S3A uses TLS when the endpoint gives no scheme
 * @param credentialsProvider a class name for {@code fs.s3a.aws.credentials.provider}, or null
 * @param accessKey static access key, or null (then also {@code secretKey})
 * @param secretKey static secret key, or null; never logged, never in a message or {@link #toString}
 * @param properties further Hadoop properties ({@code fs.s3a.*} tuning), applied last
 */
public record S3aSettings(String endpoint, String region, boolean pathStyleAccess, boolean sslEnabled,
                          String credentialsProvider, String accessKey, String secretKey,
                          Map<String, String> properties) {

    /** The provider of static keys, what a local S3-compatible server needs. */
    public static final String SIMPLE_CREDENTIALS = "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider";

    public S3aSettings {
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException("accessKey and secretKey must be given together, was "
                    + (accessKey == null ? "a secretKey without accessKey" : "accessKey " + accessKey
                    + " without secretKey"));
        }
        properties = Map.copyOf(Objects.requireNonNullElse(properties, Map.of()));
    }

    /** Settings for a local S3-compatible server: path-style, plain HTTP, static keys. */
    public static S3aSettings local(String endpoint, String accessKey, String secretKey) {
        return new S3aSettings(Objects.requireNonNull(endpoint, "endpoint"), "us-east-1", true, false,
                SIMPLE_CREDENTIALS, accessKey, secretKey, Map.of());
    }

    /** These settings with more Hadoop properties. */
    public S3aSettings withProperties(Map<String, String> more) {
        Map<String, String> merged = new TreeMap<>(properties);
        merged.putAll(more);
        return new S3aSettings(endpoint, region, pathStyleAccess, sslEnabled, credentialsProvider, accessKey,
                secretKey, merged);
    }

    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((key, value) -> shown.put(key, isSecret(key) ? "****" : value));
        return "S3aSettings[endpoint=" + endpoint + ", region=" + region + ", pathStyleAccess=" + pathStyleAccess
                + ", sslEnabled=" + sslEnabled + ", credentialsProvider=" + credentialsProvider
                + ", accessKey=" + accessKey + ", secretKey=" + (secretKey == null ? null : "****")
                + ", properties=" + shown + "]";
    }

    static boolean isSecret(String property) {
        String name = property.toLowerCase();
        return name.contains("secret") || name.contains("password") || name.contains("token")
                || name.endsWith(".key") && !name.endsWith("access.key");
    }
}
