package dev.replay.config.partitioning;

import dev.replay.jobs.launch.JobLock;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.jms.listener.DefaultMessageListenerContainer;

/**
 * A remote-partitioning worker: takes partition requests from the queue and runs each partition's
 * step ({@code replay-partition}) here, recording it in the shared job repository, where the
 * manager polls for it. Started by the {@code worker} command only, never with the application.
 *
 * <p>A request is acknowledged when it is received, before its partition runs: a worker that
 * dies mid-partition does not have its request redelivered; the partition stays unfinished until
 * the job is restarted, which sends it again (to a live worker), and it resumes from its last
 * committed chunk. While it runs a partition, the worker holds the partition's
 * {@link PartitionLiveness} lock, so that the manager learns at once when it dies.
 * {@code workerThreads} consumers take one request each at a time; the
 * connection factory buffers none ahead, so idle workers get the next partitions.
 *
 * <p>Thread-safe.
 */
public final class PartitionWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PartitionWorker.class);

    private final DefaultMessageListenerContainer container;
    private final String description;
    private volatile Consumer<String> report = line -> { };

    PartitionWorker(ConnectionFactory connectionFactory, PartitioningProperties properties,
                    StepExecutionRequestHandler handler, PartitionLiveness liveness) {
        StepExecutionRequestConverter converter = new StepExecutionRequestConverter();
        this.description = properties.queue() + " at " + properties.brokerUrl();
        container = new DefaultMessageListenerContainer();
        container.setConnectionFactory(connectionFactory);
        container.setDestinationName(properties.queue());
        container.setConcurrentConsumers(properties.workerThreads());
        container.setMaxConcurrentConsumers(properties.workerThreads());
        container.setRecoveryInterval(1_000); // until the broker is up, e.g. before the manager embeds it
        container.setAutoStartup(false);
        container.setMessageListener((jakarta.jms.MessageListener) message -> {
            StepExecutionRequest request;
            try {
                request = converter.fromMessage(message);
            } catch (JMSException e) {
                throw new IllegalStateException("Failed to read a partition request from " + description, e);
            }
            log.info("Worker [{}]. Running {}", description, request);
            StepExecution done;
            // held through the step's last update, so the manager never sees it running without its worker
            try (JobLock alive = liveness.hold(request.getStepExecutionId()).orElseThrow(() -> new IllegalStateException(
                    "Partition " + request + " is already being run by another worker"))) {
                done = handler.handle(request);
            }
            String line = String.format("Worker: %s of job execution %d ended %s, %,d events read", done.getStepName(),
                    done.getJobExecutionId(), done.getStatus(), done.getReadCount());
            log.info("Worker [{}]. {}", description, line);
            report.accept(line);
        });
        container.afterPropertiesSet();
    }

    /** Starts taking requests; returns at once. {@code report} gets a line for every partition run here. */
    public void start(Consumer<String> report) {
        this.report = report;
        container.start();
        log.info("Worker [{}]. Taking partition requests", description);
    }

    /** Whether a consumer is connected to the queue, so that requests sent now reach this worker. */
    public boolean connected() {
        return container.isRegisteredWithDestination();
    }

    /** Where requests come from, e.g. {@code replay.rebuild.partitions at tcp://127.0.0.1:61617}. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        container.shutdown();
    }
}
