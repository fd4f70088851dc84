package dev.replay.config.cli;

import dev.replay.archive.sink.ExportFormat;
import dev.replay.archive.sink.ExportOutput;
import dev.replay.archive.sink.ExportOutputRefusedException;
import dev.replay.jobs.export.ExportRequest;
import dev.replay.jobs.export.ExportSettings;
import dev.replay.jobs.launch.ExportLauncher;
import dev.replay.jobs.launch.ExportLauncher.ExportSummary;
import dev.replay.readers.EventFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code export}: a filtered replay, in replay order, into a JSON lines, CSV or Parquet sink. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Replay a filtered slice of the events, in replay order, into a file: JSON lines, CSV or Parquet.",
            "An unfinished export of the same filter, format and output is resumed from its last committed chunk."})
class ExportCommand implements Callable<Integer> {

    @ParentCommand
    ReplayCommand parent;

    @Option(names = "--from", paramLabel = "<instant>", converter = InstantConverter.class,
            description = "Events at or after this instant or UTC date.")
    Instant from;

    @Option(names = "--to", paramLabel = "<instant>", converter = InstantConverter.class,
            description = "Events before this instant or UTC date.")
    Instant to;

    @Option(names = "--aggregate-type", paramLabel = "<type>", description = "Only this aggregate type; repeatable.")
    List<String> aggregateTypes = List.of();

    @Option(names = "--event-type", paramLabel = "<type>", description = "Only this event type; repeatable.")
    List<String> eventTypes = List.of();

    @Option(names = "--aggregate-id", paramLabel = "<id>", description = "Only this aggregate id; repeatable.")
    List<String> aggregateIds = List.of();

    @Option(names = "--format", paramLabel = "<format>",
            description = "parquet, jsonl or csv; by default from the extension of --out.")
    String format;

    @Option(names = "--out", required = true, paramLabel = "<path or URI>",
            description = "A local path or file: URI, or s3a://bucket/key. JSON lines and CSV go to one local file;"
                    + " Parquet, and anything on S3A, to a directory of part files.")
    String out;

    @Option(names = "--max-rate", paramLabel = "<events/s>",
            description = "Read at most this many events a second (default replay.export.max-rate; 0: no limit).")
    Long maxRate;

    @Option(names = "--overwrite", description = "Replace an earlier export's output at --out (only its own files;"
            + " anything else there is refused).")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        ExportRequest request = request();
        if (maxRate != null && maxRate < 0) {
            throw new UsageException("--max-rate must be 0 (no limit) or a positive number of events/s, was " + maxRate);
        }
        ApplicationRuntime runtime = parent.runtime();
        long rate = maxRate != null ? maxRate : runtime.bean(ExportSettings.class).maxRate();
        ExportLauncher launcher = runtime.bean(ExportLauncher.class);
        long start = System.nanoTime();
        JobExecution execution;
        try {
            execution = launcher.run(request, rate, overwrite);
        } catch (ExportOutputRefusedException e) { // exists, collides, or holds what no export wrote
            throw new UsageException(e.getMessage());
        }
        int status = JobOutcome.report(execution, parent.out());
        ExportSummary summary = launcher.summary(execution);
        parent.out().printf("Exported %,d events, %,d bytes, to %s in %.1fs%n", summary.events(), summary.bytes(),
                summary.output(), Duration.ofNanos(System.nanoTime() - start).toMillis() / 1000.0);
        return status;
    }

    ExportRequest request() {
        ExportOutput output;
        try {
            output = ExportOutput.parse(out);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage());
        }
        try {
            EventFilter filter = new EventFilter(from, to,
                    new HashSet<>(aggregateTypes), new HashSet<>(eventTypes), new HashSet<>(aggregateIds));
            return new ExportRequest(filter, format(output), output);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage()); // the message names the option without its dashes
        }
    }

    private ExportFormat format(ExportOutput output) {
        if (format != null) {
            return ExportFormat.of(format);
        }
        return ExportFormat.ofExtension(output.uri().getPath()).orElseThrow(() -> new UsageException(
                "--format is needed (parquet, jsonl or csv): --out " + output + " has no .parquet, .jsonl or .csv extension"));
    }
}
