package dev.replay.config.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL of the default setup, with its data in a persistent directory.
 *
 * <p>Several processes may use one data directory: the first starts the server (and stops it
 * when it closes), later ones find it running and connect to it, as a CLI command does while
 * {@code serve} runs. A server left behind by a process that was killed (its lock on the data
 * directory is gone) is stopped and started afresh, so a kill never leaves the directory
 * unusable. When the JVM runs as root, zonky starts PostgreSQL in a user namespace.
 *
 * <p>The server runs with fsync off (zonky's default): it survives the kill of any process, not
 * the crash of the machine. Production uses its own PostgreSQL through {@code spring.datasource.url}.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    static final String USER = "postgres";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String ZONKY_LOCK = "epg-lock";

    private final EmbeddedPostgres owned;
    private final int port;

    private EmbeddedPostgresServer(EmbeddedPostgres owned, int port) {
        this.owned = owned;
        this.port = port;
    }

    /** Starts the server on {@code dataDir}, or connects to the one another process runs there. */
    public static EmbeddedPostgresServer startOrAdopt(Path dataDir) {
        Optional<RunningServer> running = RunningServer.find(dataDir);
        if (running.isPresent() && ownerIsAlive(dataDir)) {
            log.info("Embedded PostgreSQL [{}]. Using the server already running on port {}", dataDir, running.get().port());
            return new EmbeddedPostgresServer(null, running.get().port());
        }
        running.ifPresent(orphan -> stop(orphan, dataDir));
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("shared_buffers", "512MB")
                    .setServerConfig("max_wal_size", "4GB")
                    .setServerConfig("checkpoint_timeout", "30min")
                    // like fsync (off in zonky), full-page images only matter for a machine crash
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("wal_buffers", "64MB")
                    .setServerConfig("max_connections", "100")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            return new EmbeddedPostgresServer(server, server.getPort());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Failed to start embedded PostgreSQL in " + dataDir.toAbsolutePath()
                    + ": " + e.getMessage(), e);
        }
    }

    /** True when a live process holds zonky's lock on the data directory. */
    private static boolean ownerIsAlive(Path dataDir) {
        Path lockFile = dataDir.resolve(ZONKY_LOCK);
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return true; // this JVM owns it
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to check the lock " + lockFile, e);
        }
    }

    private static void stop(RunningServer orphan, Path dataDir) {
        log.warn("Embedded PostgreSQL [{}]. Stopping server pid {} left behind by a killed process", dataDir, orphan.pid());
        ProcessHandle.of(orphan.pid()).ifPresent(process -> {
            CompletableFuture<ProcessHandle> exited = process.onExit();
            process.destroy(); // SIGTERM: PostgreSQL's smart shutdown, consistent on disk
            try {
                exited.get(60, TimeUnit.SECONDS);
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("Embedded PostgreSQL pid " + orphan.pid() + " in " + dataDir
                        + " did not stop; stop it by hand", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while stopping embedded PostgreSQL pid " + orphan.pid(), e);
            }
        });
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws IOException {
        if (owned != null) {
            owned.close();
        }
    }

    /** The pid and port that a live postmaster wrote into {@code postmaster.pid}. */
    record RunningServer(long pid, int port) {

        static Optional<RunningServer> find(Path dataDir) {
            Path pidFile = dataDir.resolve("postmaster.pid");
            try {
                List<String> lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
                if (lines.size() < 4) {
                    return Optional.empty();
                }
                long pid = Long.parseLong(lines.get(0).trim());
                int port = Integer.parseInt(lines.get(3).trim());
                return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(p -> new RunningServer(pid, port));
            } catch (IOException | NumberFormatException e) {
                return Optional.empty(); // a stale or half-written file: PostgreSQL itself decides at start
            }
        }
    }
}
