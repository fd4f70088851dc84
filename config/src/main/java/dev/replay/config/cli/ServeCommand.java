package dev.replay.config.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code serve}: one long-running process with the schedules (clustered Quartz), the dashboard,
 * the REST API and the actuator's health and metrics, until it is stopped (SIGTERM or Ctrl-C).
 * Several may run against one database; each schedule firing runs once in the cluster. With
 * {@code --worker} the process is also a remote-partitioning worker, as the {@code worker} command
 * is, until the context closes.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the schedules, the dashboard, the REST API and the metrics until stopped.",
            "Binds 127.0.0.1:8080 by default (server.address, server.port); another address needs",
            "replay.serve.username and replay.serve.password (or replay.serve.token)."})
class ServeCommand implements Callable<Integer> {

    @ParentCommand
    ReplayCommand parent;

    @Option(names = "--worker", description = "Also run partitions of partitioned rebuilds sent by a manager through"
            + " the broker, as the worker command does (needs replay.partitioning.mode=remote).")
    boolean worker;

    @Override
    public Integer call() throws Exception {
        ConfigurableApplicationContext context = parent.runtime().serving().context();
        CountDownLatch closed = new CountDownLatch(1);
        context.addApplicationListener((ApplicationListener<ContextClosedEvent>) event -> closed.countDown());
        String address = context.getEnvironment().getProperty("server.address", "0.0.0.0");
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        String host = address.contains(":") ? "[" + address + "]" : address;
        parent.out().printf("replay serve: dashboard at http://%s:%d/ , API at /api, metrics at /actuator/prometheus%n",
                host, port);
        parent.out().flush();
        if (worker) { // the context closes the worker with itself
            PartitionWorkerStart.start(parent, PartitionWorkerStart.worker(parent, "serve --worker"), closed);
        }
        if (context.isActive()) {
            closed.await(); // until the shutdown hook closes the context
        }
        return ReplayCli.OK;
    }
}
