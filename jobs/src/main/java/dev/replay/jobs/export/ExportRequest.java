package dev.replay.jobs.export;

import static dev.replay.jobs.export.ExportJobConfiguration.AGGREGATE_IDS;
import static dev.replay.jobs.export.ExportJobConfiguration.AGGREGATE_TYPES;
import static dev.replay.jobs.export.ExportJobConfiguration.EVENT_TYPES;
import static dev.replay.jobs.export.ExportJobConfiguration.FORMAT;
import static dev.replay.jobs.export.ExportJobConfiguration.FROM;
import static dev.replay.jobs.export.ExportJobConfiguration.MAX_RATE;
import static dev.replay.jobs.export.ExportJobConfiguration.OUT;
import static dev.replay.jobs.export.ExportJobConfiguration.OVERWRITE;
import static dev.replay.jobs.export.ExportJobConfiguration.RUN;
import static dev.replay.jobs.export.ExportJobConfiguration.TO;

import dev.replay.archive.sink.ExportFormat;
import dev.replay.archive.sink.ExportOutput;
import dev.replay.readers.EventFilter;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * What an export reads and where it writes: the filter, the format and the output. These are the
 * export job's identifying parameters: a rerun with an equal request resumes an unfinished export.
 * The rate cap and {@code overwrite} are launch options, carried as non-identifying parameters.
 *
 * <p>Sets travel as one parameter each: sorted, each value URL-encoded, joined by commas, so a
 * value may itself hold a comma. Immutable and thread-safe.
 */
public record ExportRequest(EventFilter filter, ExportFormat format, ExportOutput output) {

    public ExportRequest {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(output, "output");
    }

    /** The job parameters of a fresh launch of this request. */
    public JobParameters toJobParameters(long run, long maxRate, boolean overwrite) {
        JobParametersBuilder builder = new JobParametersBuilder()
                .addString(FORMAT, format.parameter())
                .addString(OUT, output.uri().toString());
        if (filter.from() != null) {
            builder.addString(FROM, filter.from().toString());
        }
        if (filter.to() != null) {
            builder.addString(TO, filter.to().toString());
        }
        addSet(builder, AGGREGATE_TYPES, filter.aggregateTypes());
        addSet(builder, EVENT_TYPES, filter.eventTypes());
        addSet(builder, AGGREGATE_IDS, filter.aggregateIds());
        return builder.addLong(MAX_RATE, maxRate, false)
                .addString(OVERWRITE, Boolean.toString(overwrite), false)
                .addLong(RUN, run)
                .toJobParameters();
    }

    /** The request an export execution was launched with. */
    public static ExportRequest of(JobParameters parameters) {
        EventFilter filter = new EventFilter(instant(parameters.getString(FROM)), instant(parameters.getString(TO)),
                set(parameters.getString(AGGREGATE_TYPES)), set(parameters.getString(EVENT_TYPES)),
                set(parameters.getString(AGGREGATE_IDS)));
        return new ExportRequest(filter, ExportFormat.of(parameters.getString(FORMAT)),
                new ExportOutput(URI.create(parameters.getString(OUT))));
    }

    /** The read-rate cap of an export execution in events per second; 0 for none. */
    public static long maxRate(JobParameters parameters) {
        Long rate = parameters.getLong(MAX_RATE);
        return rate == null ? 0 : rate;
    }

    /** Whether the export may replace what is at its output when it starts. */
    public static boolean overwrite(JobParameters parameters) {
        return Boolean.parseBoolean(parameters.getString(OVERWRITE));
    }

    private static void addSet(JobParametersBuilder builder, String key, Set<String> values) {
        if (!values.isEmpty()) {
            builder.addString(key, values.stream().sorted()
                    .map(value -> URLEncoder.encode(value, StandardCharsets.UTF_8)).collect(Collectors.joining(",")));
        }
    }

    private static Set<String> set(String text) {
        return text == null || text.isEmpty() ? Set.of() : Arrays.stream(text.split(","))
                .map(value -> URLDecoder.decode(value, StandardCharsets.UTF_8)).collect(Collectors.toSet());
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
