package dev.replay.config.serve;

import dev.replay.config.InvalidConfigurationException;
import dev.replay.schedules.JdbcScheduleFirings;
import dev.replay.schedules.LaunchScheduledJobFactory;
import dev.replay.schedules.QuartzSchedules;
import dev.replay.schedules.Schedule;
import dev.replay.schedules.ScheduledJobs;
import java.util.List;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Quartz for {@code serve}: Boot's scheduler (clustered JDBC job store, see application-serve.yml)
 * makes each firing a {@code LaunchScheduledJob} with the platform's jobs, and the configured
 * schedules are validated and reconciled into the job store before the scheduler starts. A bad
 * cron, an unknown job or a bad parameter stops start-up with a message naming the schedule.
 */
@Configuration(proxyBeanMethods = false)
@Profile("serve")
class ServeSchedulesConfiguration {

    @Bean
    JdbcScheduleFirings scheduleFirings(DataSource dataSource) {
        return new JdbcScheduleFirings(dataSource);
    }

    @Bean
    SchedulerFactoryBeanCustomizer launchScheduledJobFactory(ScheduledJobs jobs, JdbcScheduleFirings firings) {
        return factory -> factory.setJobFactory(new LaunchScheduledJobFactory(jobs, firings));
    }

    @Bean
    QuartzSchedules quartzSchedules(Scheduler scheduler, JdbcScheduleFirings firings, SchedulesProperties properties,
                                    ScheduledJobs jobs) {
        schedules(properties, jobs); // a bad configuration stops start-up here, before anything changes
        return new QuartzSchedules(scheduler, firings);
    }

    /**
     * Reconciles the job store once every bean exists (so a start-up refused for another reason,
     * such as a non-local bind without credentials, changes no trigger) and before the scheduler starts.
     */
    @Bean
    SmartInitializingSingleton reconcileSchedules(QuartzSchedules quartz, SchedulesProperties properties,
                                                  ScheduledJobs jobs) {
        return () -> {
            try {
                quartz.reconcile(schedules(properties, jobs));
            } catch (SchedulerException e) {
                throw new IllegalStateException("Failed to store the schedules in the Quartz job store: " + e.getMessage(), e);
            }
        };
    }

    private static List<Schedule> schedules(SchedulesProperties properties, ScheduledJobs jobs) {
        try {
            List<Schedule> schedules = properties.toSchedules();
            QuartzSchedules.validate(schedules, jobs);
            return schedules;
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("replay.schedules: " + e.getMessage(), e);
        }
    }
}
