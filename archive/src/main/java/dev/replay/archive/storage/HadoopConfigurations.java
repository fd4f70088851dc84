package dev.replay.archive.storage;

import dev.replay.archive.S3aSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hadoop {@link Configuration} of a location: {@code hadoop.tmp.dir} (and with it S3A's upload
 * buffers) in a private directory; for S3A endpoint, region, path-style access, TLS and
 * credentials from {@link S3aSettings}. Secrets go into the Configuration only; they are never
 * logged or put into a message. Stateless and thread-safe.
 */
final class HadoopConfigurations {

    private static final Logger log = LoggerFactory.getLogger(HadoopConfigurations.class);
    private static final AtomicBoolean LOGGING_CHECKED = new AtomicBoolean();

    private HadoopConfigurations() {
    }

    /**
     * @param s3a may be null for a {@code file:} location
     * @throws IllegalArgumentException for an {@code s3a:} location without settings, or a tmpDir that cannot be made
     */
    static Configuration of(URI location, S3aSettings s3a, Path tmpDir) {
        warnIfHadoopLogsAtDebug();
        Configuration conf = new Configuration();
        conf.set("hadoop.tmp.dir", privateDirectory(tmpDir).toString());
        conf.set("fs.s3a.buffer.dir", privateDirectory(tmpDir.resolve("s3a")).toString());
        if (s3a != null) {
            apply(conf, s3a);
        } else if ("s3a".equals(location.getScheme())) {
            throw new IllegalArgumentException("S3A settings are required for archive base " + location
                    + ", were null");
        }
        return conf;
    }

    private static void warnIfHadoopLogsAtDebug() {
        if (LoggerFactory.getLogger("org.apache.hadoop").isDebugEnabled() && LOGGING_CHECKED.compareAndSet(false, true)) {
            log.warn("Hadoop logs at DEBUG, which makes segment writes several times slower; "
                    + "set the level of org.apache.hadoop and org.apache.parquet to WARN");
        }
    }

    private static void apply(Configuration conf, S3aSettings s3a) {
        setIfPresent(conf, "fs.s3a.endpoint", s3a.endpoint());
        setIfPresent(conf, "fs.s3a.endpoint.region", s3a.region());
        conf.setBoolean("fs.s3a.path.style.access", s3a.pathStyleAccess());
        conf.setBoolean("fs.s3a.connection.ssl.enabled", s3a.sslEnabled());
        setIfPresent(conf, "fs.s3a.aws.credentials.provider", s3a.credentialsProvider());
        setIfPresent(conf, "fs.s3a.access.key", s3a.accessKey());
        setIfPresent(conf, "fs.s3a.secret.key", s3a.secretKey());
        s3a.properties().forEach(conf::set);
    }

    private static void setIfPresent(Configuration conf, String key, String value) {
        if (value != null) {
            conf.set(key, value);
        }
    }

    private static Path privateDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            // owner only: upload buffers hold archived data
            dir.toFile().setReadable(false, false);
            dir.toFile().setReadable(true, true);
            dir.toFile().setWritable(false, false);
            dir.toFile().setWritable(true, true);
            dir.toFile().setExecutable(false, false);
            dir.toFile().setExecutable(true, true);
            return dir.toAbsolutePath();
        } catch (IOException e) {
            throw new IllegalArgumentException("tmpDir must be a directory this process can create, was " + dir, e);
        }
    }
}
