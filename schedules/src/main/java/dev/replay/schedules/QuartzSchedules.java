package dev.replay.schedules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured schedules as Quartz jobs and cron triggers in group {@value #GROUP} of a
 * (clustered, JDBC) scheduler: reconciled with the configuration at start, listed, paused and
 * resumed.
 *
 * <p>Reconciliation policy: the configuration is the truth. A schedule missing from the store is
 * created; one whose cron, zone, job or parameters changed is replaced (a paused one stays
 * paused); an unchanged one is left alone, so its previous and next fire times survive a restart
 * and a firing missed while no instance ran is caught up once (misfire instruction
 * {@code FIRE_AND_PROCEED}: one run at start-up, not one per missed firing). A schedule in the
 * store that the configuration no longer names is deleted. Instances of one cluster should share
 * one configuration; each start reconciles to its own.
 *
 * <p>Pausing is kept in the job store, so it survives restarts and holds for the whole cluster.
 * Thread-safe (the scheduler is).
 */
public class QuartzSchedules {

    public static final String GROUP = "replay";

    private static final Logger log = LoggerFactory.getLogger(QuartzSchedules.class);

    private final Scheduler scheduler;
    private final JdbcScheduleFirings firings;

    public QuartzSchedules(Scheduler scheduler, JdbcScheduleFirings firings) {
        this.scheduler = scheduler;
        this.firings = firings;
    }

    /**
     * Checks every schedule's job and parameters with the jobs that would launch them.
     *
     * @throws IllegalArgumentException naming the schedule and what is wrong
     */
    public static void validate(Collection<Schedule> schedules, ScheduledJobs jobs) {
        for (Schedule schedule : schedules) {
            if (!jobs.names().contains(schedule.job())) {
                throw new IllegalArgumentException("Schedule [" + schedule.name() + "]: unknown job '" + schedule.job()
                        + "', expected one of " + new java.util.TreeSet<>(jobs.names()));
            }
            try {
                jobs.validate(schedule.job(), schedule.parameters());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Schedule [" + schedule.name() + "]: " + e.getMessage(), e);
            }
        }
    }

    /** Makes the job store hold exactly the given schedules; see the class comment for the policy. */
    public void reconcile(Collection<Schedule> schedules) throws SchedulerException {
        Set<JobKey> stale = new HashSet<>(scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP)));
        for (Schedule schedule : schedules) {
            stale.remove(JobKey.jobKey(schedule.name(), GROUP));
            reconcile(schedule);
        }
        for (JobKey key : stale) {
            scheduler.deleteJob(key);
            log.info("Schedule [{}]. Removed: no longer configured", key.getName());
        }
    }

    private void reconcile(Schedule schedule) throws SchedulerException {
        JobDetail detail = jobDetail(schedule);
        Trigger current = scheduler.getTrigger(triggerKey(schedule.name()));
        JobDetail currentDetail = scheduler.getJobDetail(detail.getKey());
        if (current instanceof CronTrigger cron && currentDetail != null && unchanged(schedule, cron, currentDetail, detail)) {
            log.debug("Schedule [{}]. Unchanged, next firing at {}", schedule.name(), cron.getNextFireTime());
            return;
        }
        boolean paused = current != null && scheduler.getTriggerState(current.getKey()) == Trigger.TriggerState.PAUSED;
        scheduler.scheduleJob(detail, Set.of(trigger(schedule)), true);
        if (paused) {
            scheduler.pauseTrigger(triggerKey(schedule.name()));
        }
        log.info("Schedule [{}]. {}: job {} {} on '{}' ({}){}", schedule.name(), current == null ? "Created" : "Updated",
                schedule.job(), schedule.parameters(), schedule.cron(), schedule.zone(), paused ? ", still paused" : "");
    }

    private static boolean unchanged(Schedule schedule, CronTrigger cron, JobDetail current, JobDetail wanted) {
        return cron.getCronExpression().equals(schedule.cron())
                && cron.getTimeZone().getID().equals(TimeZone.getTimeZone(schedule.zone()).getID())
                && cron.getMisfireInstruction() == CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW
                && current.getJobClass() == wanted.getJobClass()
                && new HashMap<>(current.getJobDataMap().getWrappedMap()).equals(new HashMap<>(wanted.getJobDataMap().getWrappedMap()));
    }

    /** Every schedule in the store, by name. */
    public List<ScheduleView> list() throws SchedulerException {
        Map<String, ScheduleFiring> last = firings.last();
        List<ScheduleView> views = new ArrayList<>();
        for (JobKey key : new java.util.TreeSet<>(scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP)))) {
            view(key.getName(), last).ifPresent(views::add);
        }
        return views;
    }

    /** The schedule with this name, if it is in the store. */
    public Optional<ScheduleView> get(String name) throws SchedulerException {
        return view(name, firings.last());
    }

    /** Pauses the schedule across the cluster; false when there is none of this name. */
    public boolean pause(String name) throws SchedulerException {
        if (scheduler.getJobDetail(JobKey.jobKey(name, GROUP)) == null) {
            return false;
        }
        scheduler.pauseJob(JobKey.jobKey(name, GROUP));
        log.info("Schedule [{}]. Paused", name);
        return true;
    }

    /** Resumes the schedule; a firing missed while paused is caught up once. False when there is none. */
    public boolean resume(String name) throws SchedulerException {
        if (scheduler.getJobDetail(JobKey.jobKey(name, GROUP)) == null) {
            return false;
        }
        scheduler.resumeJob(JobKey.jobKey(name, GROUP));
        log.info("Schedule [{}]. Resumed", name);
        return true;
    }

    private Optional<ScheduleView> view(String name, Map<String, ScheduleFiring> last) throws SchedulerException {
        JobDetail detail = scheduler.getJobDetail(JobKey.jobKey(name, GROUP));
        Trigger trigger = scheduler.getTrigger(triggerKey(name));
        if (detail == null || !(trigger instanceof CronTrigger cron)) {
            return Optional.empty();
        }
        return Optional.of(new ScheduleView(name, detail.getJobDataMap().getString(LaunchScheduledJob.JOB),
                cron.getCronExpression(), cron.getTimeZone().getID(), LaunchScheduledJob.parameters(detail.getJobDataMap()),
                scheduler.getTriggerState(trigger.getKey()).name(), instant(trigger.getNextFireTime()),
                instant(trigger.getPreviousFireTime()), last.get(name)));
    }

    static JobDetail jobDetail(Schedule schedule) {
        JobBuilder builder = JobBuilder.newJob(LaunchScheduledJob.class)
                .withIdentity(schedule.name(), GROUP)
                .withDescription("launches job " + schedule.job())
                .usingJobData(LaunchScheduledJob.JOB, schedule.job())
                .requestRecovery(true); // an instance that dies mid-run: another resumes the run
        schedule.parameters().forEach((key, value) -> builder.usingJobData(LaunchScheduledJob.PARAMETER + key, value));
        return builder.build();
    }

    static Trigger trigger(Schedule schedule) {
        return TriggerBuilder.newTrigger()
                .withIdentity(triggerKey(schedule.name()))
                .forJob(schedule.name(), GROUP)
                .withSchedule(CronScheduleBuilder.cronSchedule(schedule.cron())
                        .inTimeZone(TimeZone.getTimeZone(schedule.zone()))
                        .withMisfireHandlingInstructionFireAndProceed()) // after downtime: once, not once per missed firing
                .build();
    }

    private static TriggerKey triggerKey(String name) {
        return TriggerKey.triggerKey(name, GROUP);
    }

    private static java.time.Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
