package dev.replay.config.partitioning;

import dev.replay.jobs.launch.JobLock;
import dev.replay.jobs.support.Failpoint;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;

/**
 * Runs the partition of each request it gets, on the receiving thread: claims the partition
 * ({@link PartitionClaims}), then acknowledges the request (its session is in client-acknowledge
 * mode), then runs the step, holding the partition's liveness lock through the step's last update.
 * A request whose partition is refused is acknowledged and dropped. A request left
 * unacknowledged, because claiming its partition threw or the worker died, goes back to the queue.
 *
 * <p>Thread-safe: one instance serves all consumers of a worker.
 */
final class PartitionRequestListener implements MessageListener {

    private static final Logger log = LoggerFactory.getLogger(PartitionRequestListener.class);

    private final StepExecutionRequestConverter converter = new StepExecutionRequestConverter();
    private final StepExecutionRequestHandler handler;
    private final PartitionClaims claims;
    private final String description;
    private volatile Consumer<String> report = line -> { };

    PartitionRequestListener(StepExecutionRequestHandler handler, PartitionClaims claims, String description) {
        this.handler = handler;
        this.claims = claims;
        this.description = description;
    }

    /** {@code report} gets a line for every partition run here. */
    void reportTo(Consumer<String> report) {
        this.report = report;
    }

    @Override
    public void onMessage(Message message) {
        StepExecutionRequest request = read(message);
        Failpoint.reach("partition.request-received"); // crash tests: received, not yet taken
        Optional<JobLock> claim = claims.claim(request.getStepExecutionId());
        if (claim.isEmpty()) {
            acknowledge(message, request); // it must not run, here or elsewhere
            return;
        }
        StepExecution done;
        // held through the step's last update, so the manager never sees it running without its worker
        try (JobLock alive = claim.get()) {
            acknowledge(message, request); // from now on its liveness lock tells the manager whether it runs
            log.info("Worker [{}]. Running {}", description, request);
            done = handler.handle(request);
        }
        String line = String.format("Worker: %s of job execution %d ended %s, %,d events read", done.getStepName(),
                done.getJobExecutionId(), done.getStatus(), done.getReadCount());
        log.info("Worker [{}]. {}", description, line);
        report.accept(line);
    }

    private StepExecutionRequest read(Message message) {
        try {
            return converter.fromMessage(message);
        } catch (JMSException e) {
            throw new IllegalStateException("Failed to read a partition request from " + description, e);
        }
    }

    private void acknowledge(Message message, StepExecutionRequest request) {
        try {
            message.acknowledge();
        } catch (JMSException e) {
            throw new IllegalStateException("Failed to acknowledge " + request + " to " + description, e);
        }
    }
}
