package dev.replay.schedules;

import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/**
 * Creates the {@link LaunchScheduledJob} of each firing with the application's collaborators, so
 * that the Quartz job data holds only text (what a clustered JDBC job store can share). Thread-safe.
 */
public class LaunchScheduledJobFactory implements JobFactory {

    private final ScheduledJobs jobs;
    private final JdbcScheduleFirings firings;

    public LaunchScheduledJobFactory(ScheduledJobs jobs, JdbcScheduleFirings firings) {
        this.jobs = jobs;
        this.firings = firings;
    }

    @Override
    public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
        Class<? extends Job> type = bundle.getJobDetail().getJobClass();
        if (type != LaunchScheduledJob.class) {
            throw new SchedulerException("Quartz job " + bundle.getJobDetail().getKey() + " has class " + type.getName()
                    + "; this scheduler runs only " + LaunchScheduledJob.class.getName());
        }
        return new LaunchScheduledJob(jobs, firings);
    }
}
