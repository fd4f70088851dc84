package dev.replay.config.cli;

import dev.replay.config.partitioning.PartitionWorker;
import dev.replay.config.partitioning.PartitioningProperties;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The process's {@link PartitionWorker} for {@code worker} and {@code serve --worker}: refuses
 * local partitioning as bad usage, and starts the worker with a line on the command's output for
 * every partition run here. Stateless.
 */
final class PartitionWorkerStart {

    private PartitionWorkerStart() {
    }

    /** The worker, not started yet; {@code command} names the command in the usage error. */
    static PartitionWorker worker(ReplayCommand parent, String command) {
        if (!parent.runtime().bean(PartitioningProperties.class).remote()) {
            throw new UsageException(command + " needs remote partitioning: set --replay.partitioning.mode=remote"
                    + " (and replay.partitioning.broker-url, the same as the manager's)");
        }
        return parent.runtime().bean(PartitionWorker.class);
    }

    /**
     * Starts {@code worker} and returns once it is connected to the broker (saying every 30 s that
     * it is still waiting) or {@code stopped} is counted down.
     */
    static void start(ReplayCommand parent, PartitionWorker worker, CountDownLatch stopped)
            throws InterruptedException {
        PartitioningProperties partitioning = parent.runtime().bean(PartitioningProperties.class);
        PrintStream out = parent.out();
        worker.start(line -> print(out, line));
        print(out, "Worker started: connecting to " + worker.description());
        for (long waited = 0; !worker.connected() && stopped.getCount() > 0; waited += 100) {
            stopped.await(100, TimeUnit.MILLISECONDS); // the broker may come up later, e.g. with the manager
            if (waited > 0 && waited % 30_000 == 0) {
                print(out, String.format("Worker waiting for the broker at %s (%ds)", partitioning.brokerUrl(),
                        waited / 1000));
            }
        }
        print(out, String.format("Worker ready: taking partitions from %s, %d at a time", worker.description(),
                partitioning.workerThreads()));
    }

    private static void print(PrintStream out, String line) {
        out.println(line);
        out.flush();
    }
}
