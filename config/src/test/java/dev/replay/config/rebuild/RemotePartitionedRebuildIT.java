package dev.replay.config.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.ReplayProcess;
import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.jobs.history.JdbcJobHistory;
import dev.replay.jobs.history.JdbcJobProgress;
import dev.replay.jobs.history.JobProgress;
import dev.replay.readers.testing.TestDatabase;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Remote partitioning for real: an Artemis broker on 127.0.0.1, two worker JVMs of the packaged
 * application, the manager in this JVM. One worker is killed (SIGKILL) in the middle of its
 * partition: the manager notices (the worker's liveness lock is gone) and fails that partition
 * and the job, long before its timeout; a restart of the job has the live worker run the lost
 * partition, ending with the single-stream table and every event read once. A worker killed after
 * it received a request but before it took the partition costs nothing: the request goes to the
 * other worker and the job completes. {@code serve --worker} is a worker as {@code worker} is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemotePartitionedRebuildIT {

    private static final long EVENTS = 20_000;

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private EmbeddedActiveMQ broker;
    private String brokerUrl;
    private String singleStream;

    @TempDir
    static Path dir;

    @BeforeAll
    void startBrokerAndSeed() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        brokerUrl = "tcp://127.0.0.1:" + port;
        Configuration configuration = new ConfigurationImpl().setPersistenceEnabled(false).setSecurityEnabled(false);
        configuration.setBrokerInstance(dir.resolve("broker").toFile());
        configuration.addAcceptorConfiguration("tcp", brokerUrl);
        broker = new EmbeddedActiveMQ().setConfiguration(configuration);
        broker.start();

        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        assertThat(manager("seed", "--events", Long.toString(EVENTS), "--accounts", "400").status()).isZero();
        Result single = manager("rebuild", "account-balances");
        assertThat(single.status()).as(single.err()).isZero();
        singleStream = AccountBalances.actual(database.dataSource());
        assertThat(singleStream).isEqualTo(AccountBalances.expected(database.dataSource()));
    }

    @AfterAll
    void stop() throws Exception {
        database.close();
        broker.stop();
    }

    private List<String> options() {
        return List.of("--replay.partitioning.mode=remote", "--replay.partitioning.broker-url=" + brokerUrl,
                "--replay.partitioning.embedded-broker=false", "--replay.partitioning.poll-interval=200ms",
                // far beyond the test: a dead worker must be noticed by its liveness lock, not by the timeout
                "--replay.partitioning.timeout=10m", "--replay.partitioning.liveness-interval=1s",
                // the fold written with every chunk: a killed partition's committed count is what it wrote
                "--replay.rebuild.chunk-size=500", "--replay.rebuild.flush-events=500",
                "--replay.data-dir=" + dir.resolve("data"), "--replay.archive.uri=" + dir.resolve("archive").toUri(),
                "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=postgres");
    }

    private Result manager(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(options());
        return CliRunner.run(all.toArray(String[]::new));
    }

    private ReplayProcess worker(List<String> jvmArgs) throws Exception {
        return process(jvmArgs, "worker");
    }

    private ReplayProcess process(List<String> jvmArgs, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(options());
        return ReplayProcess.start(dir, jvmArgs, args.toArray(String[]::new));
    }

    private List<String> partitionStatuses(long jobExecution) {
        return jdbc.queryForList("select status from batch_step_execution where job_execution_id = ?"
                + " and step_name like 'replay-partition:%'", String.class, jobExecution);
    }

    private static List<String> partitionsRunBy(ReplayProcess worker) {
        return worker.output().lines().filter(line -> line.startsWith("Worker: replay-partition:")).toList();
    }

    private long lastExecution() {
        return jdbc.queryForObject("select max(job_execution_id) from batch_job_execution", Long.class);
    }

    @Test
    void aWorkerKilledMidPartitionLosesOnlyThatPartitionWhichARestartRunsOnALiveWorker() throws Exception {
        try (ReplayProcess doomed = worker(List.of("-Dreplay.failpoint=rebuild.replay.chunk-written:3"));
             ReplayProcess survivor = worker(List.of())) {
            doomed.awaitLine("Worker ready", Duration.ofMinutes(1));
            survivor.awaitLine("Worker ready", Duration.ofMinutes(1));

            // given: a rebuild in 4 partitions, one of which freezes in the doomed worker's third chunk
            CompletableFuture<Result> first = CompletableFuture.supplyAsync(
                    () -> manager("rebuild", "account-balances", "--partitions", "4"));
            doomed.awaitLine("FAILPOINT rebuild.replay.chunk-written", Duration.ofMinutes(1));

            // when: the worker dies, the manager notices it by its liveness lock
            doomed.kill();
            long killedAt = System.nanoTime();
            Result failed = first.get(2, TimeUnit.MINUTES);
            assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofMinutes(1));
            long killed = lastExecution();
            assertThat(failed.status()).as(failed.out()).isEqualTo(1);
            assertThat(partitionStatuses(killed))
                    .containsExactlyInAnyOrder("COMPLETED", "COMPLETED", "COMPLETED", "FAILED");

            // and the job is restarted
            Result restart = manager("rebuild", "account-balances");

            // then
            assertThat(restart.status()).as(restart.err()).isZero();
            assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(singleStream);
            assertThat(partitionStatuses(lastExecution())).containsExactly("COMPLETED");
            Long reads = jdbc.queryForObject("select sum(read_count) from batch_step_execution"
                    + " where job_execution_id in (?, ?) and step_name like 'replay-partition:%'", Long.class,
                    killed, lastExecution());
            assertThat(reads).isEqualTo(EVENTS); // the lost partition's committed chunks were not read again
            assertThat(survivor.output()).contains("replay-partition:partition");
            // Issue 16: the manager's execution counts its remote partitions, over both executions of the run
            JobProgress progress = new JdbcJobProgress(database.dataSource()).of(List.of(lastExecution())).get(lastExecution());
            assertThat(progress.done()).isEqualTo(EVENTS);
            assertThat(progress.fraction()).isEqualTo(1.0);
        }
    }

    @Test
    void aWorkerKilledBeforeTakingItsPartitionLeavesTheRequestToAnotherWorker() throws Exception {
        try (ReplayProcess doomed = worker(List.of("-Dreplay.failpoint=partition.request-received"));
             ReplayProcess survivor = worker(List.of())) {
            doomed.awaitLine("Worker ready", Duration.ofMinutes(1));
            survivor.awaitLine("Worker ready", Duration.ofMinutes(1));

            // given: a rebuild in 4 partitions, one of whose requests the doomed worker has received, not yet taken
            CompletableFuture<Result> rebuild = CompletableFuture.supplyAsync(
                    () -> manager("rebuild", "account-balances", "--partitions", "4"));
            doomed.awaitLine("FAILPOINT partition.request-received", Duration.ofMinutes(1));

            // when
            doomed.kill();

            // then: the request went back to the queue and the live worker ran every partition
            Result done = rebuild.get(2, TimeUnit.MINUTES);
            assertThat(done.status()).as(done.err()).isZero();
            assertThat(partitionStatuses(lastExecution())).containsOnly("COMPLETED").hasSize(4);
            assertThat(partitionsRunBy(survivor)).hasSize(4);
            assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(singleStream);
        }
    }

    @Test
    void serveWithWorkerRunsPartitionsAsTheWorkerCommandDoes() throws Exception {
        try (ReplayProcess serving = process(List.of("-Xmx512m"), "serve", "--worker", "--server.port=0")) {
            serving.awaitLine("Worker ready", Duration.ofMinutes(2));
            assertThat(serving.output()).contains("dashboard at http://");

            // when
            Result rebuild = manager("rebuild", "account-balances", "--partitions", "2");

            // then
            assertThat(rebuild.status()).as(rebuild.err()).isZero();
            assertThat(partitionStatuses(lastExecution())).containsExactly("COMPLETED", "COMPLETED");
            assertThat(partitionsRunBy(serving)).hasSize(2);
            // Issue 16: the manager's execution counts the partitions its remote workers ran
            long execution = lastExecution();
            assertThat(new JdbcJobProgress(database.dataSource()).of(List.of(execution)).get(execution).done())
                    .isEqualTo(EVENTS);
            assertThat(new JdbcJobHistory(database.dataSource()).find(execution).orElseThrow().readCount())
                    .isEqualTo(EVENTS);
            assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(singleStream);
        }
    }

    @Test
    void serveWithWorkerRefusesLocalMode() {
        Result serve = CliRunner.against(database.jdbcUrl(), "serve", "--worker", "--server.port=0");

        assertThat(serve.status()).isEqualTo(2);
        assertThat(serve.err()).contains("serve --worker needs remote partitioning");
    }

    @Test
    void theWorkerCommandRefusesLocalMode() {
        Result worker = CliRunner.against(database.jdbcUrl(), "worker");

        assertThat(worker.status()).isEqualTo(2);
        assertThat(worker.err()).contains("replay.partitioning.mode=remote");
    }
}
