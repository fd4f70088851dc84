package dev.replay.config.partitioning;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Session;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.jms.listener.DefaultMessageListenerContainer;

/**
 * A remote-partitioning worker: takes partition requests from the queue and runs each partition's
 * step ({@code replay-partition}) here, recording it in the shared job repository, where the
 * manager polls for it. Started by the {@code worker} command and by {@code serve --worker}, never
 * with the application otherwise.
 *
 * <p>A request is acknowledged only once this worker has taken its partition: holds the
 * partition's {@link PartitionLiveness} lock and has marked it started ({@link PartitionClaims}).
 * A worker that dies before that leaves the request unacknowledged, and the broker gives it to
 * another worker. One that dies after that has acknowledged the request, which is not sent again:
 * its lock is free, the manager fails the partition, and a restart of the job sends it again (to
 * a live worker), where it resumes from its last committed chunk.
 *
 * <p>{@code workerThreads} consumers take one request each at a time: the connection factory
 * buffers none ahead, and the consumers ask for one request per receive
 * ({@link BlockingReceiveListenerContainer}), so idle workers get the next partitions.
 *
 * <p>Thread-safe.
 */
public final class PartitionWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PartitionWorker.class);

    private final DefaultMessageListenerContainer container;
    private final PartitionRequestListener listener;
    private final String description;

    PartitionWorker(ConnectionFactory connectionFactory, PartitioningProperties properties,
                    StepExecutionRequestHandler handler, PartitionClaims claims) {
        this.description = properties.queue() + " at " + properties.brokerUrl();
        this.listener = new PartitionRequestListener(handler, claims, description);
        container = new BlockingReceiveListenerContainer();
        container.setConnectionFactory(connectionFactory);
        container.setDestinationName(properties.queue());
        container.setConcurrentConsumers(properties.workerThreads());
        container.setMaxConcurrentConsumers(properties.workerThreads());
        container.setSessionAcknowledgeMode(Session.CLIENT_ACKNOWLEDGE); // the listener acknowledges, once claimed
        container.setRecoveryInterval(1_000); // until the broker is up, e.g. before the manager embeds it
        container.setAutoStartup(false);
        container.setMessageListener(listener);
        container.setErrorHandler(e -> log.error("Worker [{}]. Failed on a partition request: {}", description,
                e.toString())); // the container's own log is off: it would repeat every broker retry
        container.afterPropertiesSet();
    }

    /** Starts taking requests; returns at once. {@code report} gets a line for every partition run here. */
    public void start(Consumer<String> report) {
        listener.reportTo(report);
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
