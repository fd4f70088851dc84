package dev.replay.jobs.export;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@code occurred_at} as text: ISO-8601 in UTC with always six fraction digits, PostgreSQL's
 * precision, e.g. {@code 2026-01-01T10:00:00.123456Z}; fixed width, so it also sorts as text.
 */
final class ExportTimestamps {

    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private ExportTimestamps() {
    }

    static String format(Instant instant) {
        return MICROS.format(instant);
    }
}
