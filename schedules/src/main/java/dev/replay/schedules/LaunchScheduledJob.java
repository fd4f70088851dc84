package dev.replay.schedules;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;

/**
 * The Quartz job behind every schedule: launches the schedule's Spring Batch job by name, on the
 * Quartz worker thread until it ends, and records the firing in {@code schedule_firing}.
 *
 * <p>Never two at once for one schedule: {@link DisallowConcurrentExecution} holds the schedule's
 * trigger, across the whole cluster, while its previous run goes on (it then fires once, late);
 * and the launchers' advisory locks refuse a run of a job that something else (another schedule,
 * the API, the command line) is running, which is recorded as {@code SKIPPED}.
 *
 * <p>A new instance per firing (Quartz's contract); thread-confined.
 */
@DisallowConcurrentExecution
public class LaunchScheduledJob implements Job {

    static final String JOB = "job";
    static final String PARAMETER = "parameter.";

    private static final Logger log = LoggerFactory.getLogger(LaunchScheduledJob.class);
    private static final Duration LATE = Duration.ofSeconds(2);

    private final ScheduledJobs jobs;
    private final JdbcScheduleFirings firings;

    public LaunchScheduledJob(ScheduledJobs jobs, JdbcScheduleFirings firings) {
        this.jobs = jobs;
        this.firings = firings;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        String schedule = context.getJobDetail().getKey().getName();
        String job = context.getMergedJobDataMap().getString(JOB);
        Instant due = context.getScheduledFireTime().toInstant();
        Instant fired = context.getFireTime().toInstant();
        String instance = instanceId(context);
        if (Duration.between(due, fired).compareTo(LATE) > 0) {
            log.info("Schedule [{}]. Firing late: due at {}, fired at {} (after downtime, or its previous run was still going)",
                    schedule, due, fired);
        }
        try {
            JobExecution execution = jobs.launch(job, parameters(context.getMergedJobDataMap()));
            String status = execution.getStatus() + (execution.getExitStatus().getExitDescription().isBlank() ? ""
                    : ": " + execution.getExitStatus().getExitDescription().lines().findFirst().orElse(""));
            log.info("Schedule [{}]. Job {} execution {} ended {}", schedule, job, execution.getId(), execution.getStatus());
            firings.record(new ScheduleFiring(schedule, due, fired, instance, ScheduleFiring.Outcome.LAUNCHED,
                    execution.getId(), status));
        } catch (JobExecutionAlreadyRunningException e) {
            log.warn("Schedule [{}]. Not started, job {} is already running: {}", schedule, job, e.getMessage());
            firings.record(new ScheduleFiring(schedule, due, fired, instance, ScheduleFiring.Outcome.SKIPPED, null,
                    e.getMessage()));
        } catch (Exception e) {
            log.error("Schedule [{}]. Failed to launch job {}: {}", schedule, job, e.getMessage(), e);
            firings.record(new ScheduleFiring(schedule, due, fired, instance, ScheduleFiring.Outcome.FAILED, null,
                    String.valueOf(e.getMessage())));
            throw new JobExecutionException("Schedule [" + schedule + "] failed to launch job " + job, e, false);
        }
    }

    /** The job parameters stored in a schedule's job data. */
    static Map<String, String> parameters(JobDataMap data) {
        Map<String, String> parameters = new TreeMap<>();
        for (String key : data.getKeys()) {
            if (key.startsWith(PARAMETER)) {
                parameters.put(key.substring(PARAMETER.length()), data.getString(key));
            }
        }
        return parameters;
    }

    private static String instanceId(JobExecutionContext context) {
        try {
            return context.getScheduler().getSchedulerInstanceId();
        } catch (SchedulerException e) {
            return "unknown";
        }
    }
}
