package dev.replay.config.partitioning;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the partitions of a partitioned rebuild run, under {@code replay.partitioning.*}.
 *
 * @param mode {@code local} (default): threads of the launching process; {@code remote}: worker
 *             processes ({@code worker} command) that take partition requests from a broker queue
 * @param brokerUrl the Artemis broker, {@code tcp://host:port} (default {@code tcp://127.0.0.1:61617})
 * @param embeddedBroker whether the launching process (the manager) starts that broker itself, bound
 *                       to the URL's host and port, when it first hands out partitions (default true;
 *                       false for an external broker)
 * @param queue the queue of partition requests (default {@code replay.rebuild.partitions})
 * @param timeout how long the manager waits for all partitions before it fails the step (default 12h)
 * @param pollInterval how often the manager looks in the job repository for finished partitions (default 1s)
 * @param workerThreads partitions one worker runs at once (default 1)
 * @param livenessInterval how often the manager checks that the worker of each running partition is
 *                         alive; a partition found without its worker twice in a row is failed (default 5s)
 */
@Validated
@ConfigurationProperties("replay.partitioning")
public record PartitioningProperties(@Pattern(regexp = "local|remote", message = "must be local or remote") String mode,
                                     String brokerUrl, Boolean embeddedBroker, String queue,
                                     @DurationMin(nanos = 1, message = "must be positive") Duration timeout,
                                     @DurationMin(nanos = 1, message = "must be positive") Duration pollInterval,
                                     @Positive(message = "must be positive") Integer workerThreads,
                                     @DurationMin(nanos = 1, message = "must be positive") Duration livenessInterval) {

    public static final String LOCAL = "local";
    public static final String REMOTE = "remote";

    public PartitioningProperties {
        mode = mode == null ? LOCAL : mode;
        brokerUrl = brokerUrl == null ? "tcp://127.0.0.1:61617" : brokerUrl;
        URI uri = URI.create(brokerUrl);
        if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
            throw new IllegalArgumentException("replay.partitioning.broker-url must be tcp://host:port, was " + brokerUrl);
        }
        embeddedBroker = embeddedBroker == null || embeddedBroker;
        queue = queue == null || queue.isBlank() ? "replay.rebuild.partitions" : queue;
        timeout = timeout == null ? Duration.ofHours(12) : timeout;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        workerThreads = workerThreads == null ? 1 : workerThreads;
        livenessInterval = livenessInterval == null ? Duration.ofSeconds(5) : livenessInterval;
    }

    public boolean remote() {
        return REMOTE.equals(mode);
    }
}
