package dev.replay.config.serve;

import dev.replay.schedules.Schedule;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The schedules of {@code serve}, {@code replay.schedules.<name>.*}: {@code cron} (Quartz, seconds
 * first), {@code job}, optionally {@code time-zone} (default UTC), and the job's parameters, e.g.
 * <pre>
 * replay.schedules.nightly-balances: {cron: "0 0 2 * * ?", job: rebuild, projection: account-balances}
 * replay.schedules.archive-old:      {cron: "0 30 3 * * ?", job: archive, older-than: 90d}
 * </pre>
 * Bound by every command, read only by serve.
 */
@ConfigurationProperties("replay")
public record SchedulesProperties(Map<String, Map<String, String>> schedules) {

    public SchedulesProperties {
        schedules = schedules == null ? Map.of() : new LinkedHashMap<>(schedules);
    }

    /**
     * The configured schedules.
     *
     * @throws IllegalArgumentException naming the schedule when one is malformed
     */
    public List<Schedule> toSchedules() {
        List<Schedule> result = new ArrayList<>();
        new TreeMap<>(schedules).forEach((name, entries) -> {
            Map<String, String> parameters = new TreeMap<>(entries);
            String cron = parameters.remove("cron");
            String job = parameters.remove("job");
            String zone = parameters.remove("time-zone");
            result.add(new Schedule(name, cron, job, zone(name, zone), parameters));
        });
        return result;
    }

    private static ZoneId zone(String name, String zone) {
        try {
            return zone == null || zone.isBlank() ? ZoneOffset.UTC : ZoneId.of(zone.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("Schedule [" + name + "]: time-zone '" + zone + "' is not a time zone id,"
                    + " e.g. UTC or Europe/Berlin");
        }
    }
}
