package dev.replay.config.cli;

import dev.replay.config.partitioning.PartitionWorker;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/**
 * {@code worker}: a remote-partitioning worker. Runs the partitions of partitioned rebuilds that a
 * manager (any process running {@code rebuild --partitions N} with {@code replay.partitioning.mode=remote})
 * sends through the broker, recording them in the shared job repository, until the process is
 * stopped. Needs the same database and projections as the manager. {@code serve --worker} runs
 * the same worker inside the serving process.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Run partitions of partitioned rebuilds sent by a manager through the broker, until stopped.",
            "Needs replay.partitioning.mode=remote and the manager's database (spring.datasource.*)."})
class WorkerCommand implements Callable<Integer> {

    @picocli.CommandLine.ParentCommand
    ReplayCommand parent;

    @Override
    public Integer call() throws Exception {
        PartitionWorker worker = PartitionWorkerStart.worker(parent, "worker");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            stopped.countDown();
        }, "replay-worker-shutdown"));
        PartitionWorkerStart.start(parent, worker, stopped);
        stopped.await();
        return ReplayCli.OK;
    }
}
