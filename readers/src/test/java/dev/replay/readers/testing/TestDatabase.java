package dev.replay.readers.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A real PostgreSQL for tests: one embedded server per JVM, a fresh database per call of
 * {@link #create()}, migrated by the platform's own Flyway migrations.
 *
 * <p>Thread-safe. The server stops when the JVM exits.
 */
public final class TestDatabase implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres server;

    private final String name;
    private final HikariDataSource dataSource;

    private TestDatabase(String name, HikariDataSource dataSource) {
        this.name = name;
        this.dataSource = dataSource;
    }

    /** A new, migrated database on the shared embedded server. */
    public static TestDatabase create() {
        return create(true);
    }

    /** A new database, migrated or empty. */
    public static TestDatabase create(boolean migrate) {
        String name = "test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection connection = server().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Failed to create test database " + name, e);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl(name));
        config.setUsername("postgres");
        config.setMaximumPoolSize(8);
        TestDatabase database = new TestDatabase(name, new HikariDataSource(config));
        if (migrate) {
            Flyway.configure().dataSource(database.dataSource)
                    .locations("classpath:db/migration", dev.replay.readers.HotStoreTable.MIGRATIONS).load().migrate();
        }
        return database;
    }

    /** The JDBC URL of a database on the shared server. */
    public static synchronized String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + server().getPort() + "/" + database;
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("Failed to start embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the temporary data directory goes with it
                }
            }));
        }
        return server;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return jdbcUrl(name);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
