package dev.replay.config.chaos;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL that a test can restart: a fixed port on 127.0.0.1 and a kept data directory, so
 * that {@link #restart} (a fast shutdown, which ends every session and its open transaction, then a
 * new server) brings back the same database at the same address. {@link #dataSource()} opens a
 * new connection each time, so it works across restarts.
 */
final class RestartablePostgres implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    private RestartablePostgres(Path dataDirectory, int port) throws IOException {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.server = start();
        // the application migrates on start too; done here so that a test can seed before any command
        Flyway.configure().dataSource(dataSource())
                .locations("classpath:db/migration", dev.replay.readers.HotStoreTable.MIGRATIONS).load().migrate();
    }

    static RestartablePostgres start(Path dataDirectory) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return new RestartablePostgres(dataDirectory, port);
    }

    private EmbeddedPostgres start() throws IOException {
        return EmbeddedPostgres.builder().setPort(port).setDataDirectory(dataDirectory.toFile())
                .setCleanDataDirectory(false).start();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl());
        dataSource.setUser("postgres");
        return dataSource;
    }

    /** Stops the server (every session ends) and starts it again on the same data and port. */
    void restart() throws IOException {
        server.close();
        server = start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
