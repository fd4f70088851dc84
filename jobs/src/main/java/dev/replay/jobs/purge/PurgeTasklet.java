package dev.replay.jobs.purge;

import dev.replay.jobs.support.Failpoint;
import dev.replay.writers.DeadLetterRetention;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.core.scope.context.ChunkContext;

/**
 * The {@code purge} step: deletes, in the step's one transaction, the batch metadata
 * ({@link BatchMetadataPurge}), the dead letters and the other modules' {@link PurgeableRecords}
 * older than the job parameter {@code before}. All or nothing, and idempotent: a run killed before
 * its commit deleted nothing, and a rerun with the same cutoff ends in the same state as one clean
 * run. The counts by kind go into the step's ExecutionContext ({@code purge.<kind>}) and its exit
 * description ({@code <kind>=<n>, ...}).
 */
final class PurgeTasklet implements Tasklet {

    static final String DEAD_LETTERS = "dead-letters";

    private static final Logger log = LoggerFactory.getLogger(PurgeTasklet.class);

    private final BatchMetadataPurge metadata;
    private final DeadLetterRetention deadLetters;
    private final List<PurgeableRecords> others;

    PurgeTasklet(BatchMetadataPurge metadata, DeadLetterRetention deadLetters, List<PurgeableRecords> others) {
        this.metadata = metadata;
        this.deadLetters = deadLetters;
        this.others = others;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        StepExecution step = contribution.getStepExecution();
        Instant before = Instant.parse(step.getJobParameters().getString(PurgeJobConfiguration.BEFORE));
        Map<String, Long> counts = new LinkedHashMap<>(metadata.deleteOlderThan(before));
        counts.put(DEAD_LETTERS, (long) deadLetters.deleteFailedBefore(before));
        others.forEach(records -> counts.put(records.kind(), records.deleteOlderThan(before)));
        Failpoint.reach("purge.before-commit"); // deleted, not committed
        counts.forEach((kind, count) -> step.getExecutionContext().putLong(PurgeJobConfiguration.COUNT_PREFIX + kind, count));
        contribution.incrementWriteCount(counts.values().stream().mapToLong(Long::longValue).sum());
        String description = counts.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(", "));
        step.setExitStatus(step.getExitStatus().addExitDescription(description));
        log.info("Purge [before {}]. Deleted {}", before, description);
        return RepeatStatus.FINISHED;
    }
}
