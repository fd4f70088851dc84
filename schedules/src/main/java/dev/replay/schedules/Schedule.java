package dev.replay.schedules;

import java.text.ParseException;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.quartz.CronExpression;

/**
 * One configured schedule: fire {@code job} with {@code parameters} on the Quartz {@code cron}
 * expression, in {@code zone}. Validated at construction; every message names the schedule.
 *
 * @param name       the schedule's name, unique; also the Quartz job and trigger name
 * @param cron       a Quartz cron expression (seconds first), e.g. {@code 0 0 2 * * ?}
 * @param job        the name of the job to launch, e.g. {@code rebuild}
 * @param zone       the time zone the cron expression is read in
 * @param parameters the job's parameters, as text (e.g. {@code projection=account-balances})
 */
public record Schedule(String name, String cron, String job, ZoneId zone, Map<String, String> parameters) {

    public Schedule {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("schedule name must not be blank, was '" + name + "'");
        }
        if (cron == null || cron.isBlank()) {
            throw new IllegalArgumentException("Schedule [" + name + "]: cron is missing");
        }
        try {
            CronExpression.validateExpression(cron);
        } catch (ParseException e) {
            throw new IllegalArgumentException("Schedule [" + name + "]: cron '" + cron + "' is not a valid Quartz cron"
                    + " expression (seconds minutes hours day-of-month month day-of-week [year]): " + e.getMessage(), e);
        }
        if (job == null || job.isBlank()) {
            throw new IllegalArgumentException("Schedule [" + name + "]: job is missing");
        }
        Objects.requireNonNull(zone, "zone");
        parameters = Map.copyOf(new TreeMap<>(parameters == null ? Map.of() : parameters));
    }
}
