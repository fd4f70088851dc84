package dev.replay.config.serve;

import dev.replay.jobs.archive.ArchiveJobConfiguration;
import dev.replay.archive.sink.ExportFormat;
import dev.replay.jobs.export.ExportJobConfiguration;
import dev.replay.archive.sink.ExportOutput;
import dev.replay.jobs.export.ExportRequest;
import dev.replay.jobs.export.ExportSettings;
import dev.replay.jobs.launch.ArchiveLauncher;
import dev.replay.jobs.launch.ExportLauncher;
import dev.replay.jobs.launch.JobAlreadyRunningException;
import dev.replay.jobs.launch.PurgeLauncher;
import dev.replay.jobs.launch.RebuildLauncher;
import dev.replay.jobs.purge.PurgeJobConfiguration;
import dev.replay.config.RetentionDurations;
import dev.replay.jobs.rebuild.Projections;
import dev.replay.jobs.rebuild.RebuildJobConfiguration;
import dev.replay.jobs.rebuild.RebuildMode;
import dev.replay.readers.EventFilter;
import dev.replay.schedules.ScheduledJobs;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;

/**
 * The platform's jobs by name for schedules and the REST API, over the launchers (which resume an
 * unfinished run and refuse a concurrent one). Parameters, as text:
 * <ul>
 *   <li>{@code rebuild}: {@code projection} (required), {@code mode} ({@code full} or {@code catch-up}, default full),
 *       {@code partitions} (a positive whole number: a full rebuild of a per-aggregate projection, partitioned
 *       by aggregate, on local threads or remote workers as {@code replay.partitioning.mode} says; as
 *       {@code rebuild --partitions})</li>
 *   <li>{@code archive}: exactly one of {@code older-than} (e.g. {@code 90d}, counted back from each launch) or {@code before}</li>
 *   <li>{@code export}: {@code out} (required), {@code format}, {@code from}, {@code to}, {@code aggregate-type},
 *       {@code event-type}, {@code aggregate-id} (comma-separated), {@code max-rate}, {@code overwrite}</li>
 *   <li>{@code purge}: {@code older-than} (required; Spring Boot's {@code DurationStyle}, e.g. {@code 30d},
 *       counted back from each launch)</li>
 * </ul>
 * A launch refused because the job runs elsewhere throws Spring Batch's
 * {@link JobExecutionAlreadyRunningException}. Thread-safe.
 */
class BatchScheduledJobs implements ScheduledJobs {

    private static final Set<String> REBUILD = Set.of("projection", "mode", "partitions");
    private static final Set<String> ARCHIVE = Set.of("older-than", "before");
    private static final Set<String> PURGE = Set.of("older-than");
    private static final Set<String> EXPORT = Set.of("out", "format", "from", "to", "aggregate-type", "event-type",
            "aggregate-id", "max-rate", "overwrite");

    private final RebuildLauncher rebuild;
    private final ArchiveLauncher archive;
    private final ExportLauncher export;
    private final Projections projections;
    private final ExportSettings exportSettings;
    private final PurgeLauncher purge;

    BatchScheduledJobs(RebuildLauncher rebuild, ArchiveLauncher archive, ExportLauncher export, Projections projections,
                       ExportSettings exportSettings, PurgeLauncher purge) {
        this.purge = purge;
        this.rebuild = rebuild;
        this.archive = archive;
        this.export = export;
        this.projections = projections;
        this.exportSettings = exportSettings;
    }

    @Override
    public Set<String> names() {
        return Set.of(RebuildJobConfiguration.JOB, ArchiveJobConfiguration.JOB, ExportJobConfiguration.JOB,
                PurgeJobConfiguration.JOB);
    }

    @Override
    public void validate(String job, Map<String, String> parameters) {
        launch(job, parameters, Instant.now());
    }

    @Override
    public JobExecution launch(String job, Map<String, String> parameters) throws Exception {
        Callable<JobExecution> launch = launch(job, parameters, Instant.now());
        try {
            return launch.call();
        } catch (JobAlreadyRunningException e) {
            throw new JobExecutionAlreadyRunningException(e.getMessage());
        }
    }

    /** Restarts an execution of any of the jobs from its last commit, as {@code restart <id>} does. */
    JobExecution restart(String job, long executionId) throws Exception {
        try {
            return switch (job) {
                case ArchiveJobConfiguration.JOB -> archive.restart(executionId);
                case ExportJobConfiguration.JOB -> export.restart(executionId);
                case PurgeJobConfiguration.JOB -> purge.restart(executionId);
                default -> rebuild.restart(executionId);
            };
        } catch (JobAlreadyRunningException e) {
            throw new JobExecutionAlreadyRunningException(e.getMessage());
        }
    }

    /** Parses and checks everything first; what is returned only runs the launcher. */
    private Callable<JobExecution> launch(String job, Map<String, String> parameters, Instant now) {
        if (job == null || !names().contains(job)) {
            throw new IllegalArgumentException("unknown job '" + job + "', expected one of " + new TreeSet<>(names()));
        }
        return switch (job) {
            case RebuildJobConfiguration.JOB -> rebuild(new JobParameterText(job, parameters, REBUILD));
            case ArchiveJobConfiguration.JOB -> archive(new JobParameterText(job, parameters, ARCHIVE), now);
            case PurgeJobConfiguration.JOB -> purge(new JobParameterText(job, parameters, PURGE), now);
            default -> export(new JobParameterText(job, parameters, EXPORT));
        };
    }

    private Callable<JobExecution> rebuild(JobParameterText parameters) {
        String projection = parameters.required("projection");
        projections.get(projection);
        String mode = parameters.text("mode");
        RebuildMode rebuildMode = mode == null ? RebuildMode.FULL : RebuildMode.of(mode);
        Integer partitions = partitions(parameters.text("partitions"));
        if (partitions != null) {
            checkPartitionable(projection, rebuildMode, partitions);
        }
        return () -> rebuild.run(projection, rebuildMode, partitions);
    }

    private static Integer partitions(String text) {
        try {
            return text == null ? null : Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("partitions must be a positive whole number, was '" + text + "'");
        }
    }

    /** What the launcher refuses too, refused here before anything runs (a 400, or a schedule that does not start). */
    private void checkPartitionable(String projection, RebuildMode mode, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be a positive whole number, was '" + partitions + "'");
        }
        projections.checkPartitionable(projection, partitions);
        if (mode == RebuildMode.CATCH_UP) {
            throw new IllegalArgumentException("mode catch-up of projection [" + projection + "] applies only what is"
                    + " new, as one stream into the live copy; it cannot be partitioned: drop partitions");
        }
    }

    private Callable<JobExecution> archive(JobParameterText parameters, Instant now) {
        if ((parameters.text("older-than") == null) == (parameters.text("before") == null)) {
            throw new IllegalArgumentException("archive needs exactly one of older-than (e.g. 90d) or before (an instant)");
        }
        Instant before = parameters.text("before") != null ? parameters.instant("before")
                : now.minus(parameters.duration("older-than"));
        return () -> archive.run(before);
    }

    private Callable<JobExecution> purge(JobParameterText parameters, Instant now) {
        String olderThan = parameters.required("older-than");
        Instant before = now.minus(RetentionDurations.parse("older-than", olderThan));
        return () -> purge.run(before, olderThan.strip());
    }

    private Callable<JobExecution> export(JobParameterText parameters) {
        ExportOutput output = ExportOutput.parse(parameters.required("out"));
        String format = parameters.text("format");
        ExportFormat exportFormat = format != null ? ExportFormat.of(format)
                : ExportFormat.ofExtension(output.uri().getPath()).orElseThrow(() -> new IllegalArgumentException(
                        "format is needed (parquet, jsonl or csv): out " + output + " has no such extension"));
        EventFilter filter = new EventFilter(parameters.instant("from"), parameters.instant("to"),
                parameters.list("aggregate-type"), parameters.list("event-type"), parameters.list("aggregate-id"));
        ExportRequest request = new ExportRequest(filter, exportFormat, output);
        Long maxRate = parameters.number("max-rate");
        if (maxRate != null && maxRate < 0) {
            throw new IllegalArgumentException("max-rate must be 0 (no limit) or positive, was " + maxRate);
        }
        long rate = maxRate == null ? exportSettings.maxRate() : maxRate;
        boolean overwrite = parameters.flag("overwrite");
        return () -> export.run(request, rate, overwrite);
    }
}
