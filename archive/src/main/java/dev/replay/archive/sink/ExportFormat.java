package dev.replay.archive.sink;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The file formats an export writes: JSON lines and CSV with the hot store's column names, and
 * Parquet with the archive's own schema ({@link dev.replay.archive.SegmentSchema}).
 */
public enum ExportFormat {

    PARQUET("parquet"),
    JSONL("jsonl"),
    CSV("csv");

    private final String parameter;

    ExportFormat(String parameter) {
        this.parameter = parameter;
    }

    /** The name on the command line and in job parameters; also the file extension. */
    public String parameter() {
        return parameter;
    }

    /** Whether the format is lines of text (so a local export can be one file, truncated on restart). */
    public boolean lines() {
        return this != PARQUET;
    }

    /**
     * The format named {@code name}, case-insensitive.
     *
     * @throws IllegalArgumentException naming the value and the choices
     */
    public static ExportFormat of(String name) {
        return Arrays.stream(values()).filter(format -> format.parameter.equalsIgnoreCase(String.valueOf(name).strip()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("format must be one of "
                        + Arrays.stream(values()).map(ExportFormat::parameter).collect(Collectors.joining(", "))
                        + ", was '" + name + "'"));
    }

    /** The format a file name's extension implies: {@code .parquet}, {@code .jsonl} (or {@code .ndjson}), {@code .csv}. */
    public static Optional<ExportFormat> ofExtension(String name) {
        String lower = name.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        if (lower.endsWith(".ndjson")) {
            return Optional.of(JSONL);
        }
        return Arrays.stream(values()).filter(format -> lower.endsWith("." + format.parameter)).findFirst();
    }
}
