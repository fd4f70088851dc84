package dev.replay.config.cli;

import dev.replay.config.partitioning.PartitionWorker;
import dev.replay.config.partitioning.PartitioningProperties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

/**
 * {@code worker}: a remote-partitioning worker. Runs the partitions of partitioned rebuilds that a
 * manager (any process running {@code rebuild --partitions N} with {@code replay.partitioning.mode=remote})
 * sends through the broker, recording them in the shared job repository, until the process is
 * stopped. Needs the same database and projections as the manager.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Run partitions of partitioned rebuilds sent by a manager through the broker, until stopped.",
            "Needs replay.partitioning.mode=remote and the manager's database (spring.datasource.*)."})
class WorkerCommand implements Callable<Integer> {

    @picocli.CommandLine.ParentCommand
    ReplayCommand parent;

    @Override
    public Integer call() throws Exception {
        PartitioningProperties partitioning = parent.runtime().bean(PartitioningProperties.class);
        if (!partitioning.remote()) {
            throw new UsageException("worker needs remote partitioning: set --replay.partitioning.mode=remote"
                    + " (and replay.partitioning.broker-url, the same as the manager's)");
        }
        PartitionWorker worker = parent.runtime().bean(PartitionWorker.class);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            stopped.countDown();
        }, "replay-worker-shutdown"));
        worker.start(line -> {
            parent.out().println(line);
            parent.out().flush();
        });
        parent.out().printf("Worker started: connecting to %s%n", worker.description());
        parent.out().flush();
        for (long waited = 0; !worker.connected() && stopped.getCount() > 0; waited += 100) {
            stopped.await(100, TimeUnit.MILLISECONDS); // the broker may come up later, e.g. with the manager
            if (waited > 0 && waited % 30_000 == 0) {
                parent.out().printf("Worker waiting for the broker at %s (%ds)%n", partitioning.brokerUrl(), waited / 1000);
                parent.out().flush();
            }
        }
        parent.out().printf("Worker ready: taking partitions from %s, %d at a time%n", worker.description(),
                partitioning.workerThreads());
        parent.out().flush();
        stopped.await();
        return ReplayCli.OK;
    }
}
