package dev.replay.archive.testing;

import dev.replay.archive.S3aSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for tests: s3proxy in this JVM, bound to 127.0.0.1 on a random
 * port, storing objects as files under a directory (so tests can look at what S3A wrote).
 * Requests must be signed (AWS v2 or v4) with {@link #ACCESS_KEY} / {@link #SECRET_KEY}.
 *
 * <p>Start it with {@link #start}; {@link #stop} (also {@link #close}) can be called mid-test to
 * simulate an outage. Not thread-safe to start and stop; serving is.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret-never-logged";

    private final Path storage;
    private S3Proxy proxy;

    private S3ProxyServer(Path storage) {
        this.storage = storage;
    }

    /** Starts a server storing objects under {@code storage} (one subdirectory per bucket). */
    public static S3ProxyServer start(Path storage) {
        return start(storage, 0);
    }

    /**
     * Starts a server on {@code port} (0: any free port), storing objects under {@code storage}:
     * with the port and storage of a stopped server it is that server back after an outage.
     */
    public static S3ProxyServer start(Path storage, int port) {
        try {
            java.nio.file.Files.createDirectories(storage);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Failed to create s3proxy storage " + storage, e);
        }
        S3ProxyServer server = new S3ProxyServer(storage);
        server.proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(storage.toString()))
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            server.proxy.start();
        } catch (Exception e) {
            throw new IllegalStateException("Failed to start s3proxy on 127.0.0.1", e);
        }
        return server;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    /** The directory holding a bucket's objects as files. */
    public Path bucketDirectory(String bucket) {
        return storage.resolve(bucket);
    }

    /** Creates a bucket through the AWS SDK, path-style, as a user of a real store would. */
    public void createBucket(String bucket) {
        try (S3Client client = client()) {
            client.createBucket(request -> request.bucket(bucket));
        }
    }

    /** An SDK client for this server; the caller closes it. */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    /**
     * S3A settings for this server, failing fast: a test that stops the server must not wait
     * through S3A's default retries (minutes).
     */
    public S3aSettings settings() {
        return S3aSettings.local(endpoint(), ACCESS_KEY, SECRET_KEY).withProperties(Map.of(
                "fs.s3a.attempts.maximum", "1",
                "fs.s3a.retry.limit", "1",
                "fs.s3a.retry.interval", "10ms",
                "fs.s3a.retry.throttle.limit", "1"));
    }

    public boolean isRunning() {
        return proxy != null && "STARTED".equals(proxy.getState());
    }

    public void stop() {
        if (proxy != null) {
            try {
                proxy.stop();
            } catch (Exception e) {
                throw new IllegalStateException("Failed to stop s3proxy at " + endpoint(), e);
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
