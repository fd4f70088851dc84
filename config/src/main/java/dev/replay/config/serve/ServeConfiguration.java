package dev.replay.config.serve;

import dev.replay.archive.ArchiveCatalog;
import dev.replay.archive.ArchiveFileSystems;
import dev.replay.jobs.export.ExportSettings;
import dev.replay.jobs.history.JdbcJobHistory;
import dev.replay.jobs.history.JdbcJobProgress;
import dev.replay.jobs.launch.ArchiveLauncher;
import dev.replay.jobs.launch.ExportLauncher;
import dev.replay.jobs.launch.PurgeLauncher;
import dev.replay.jobs.launch.RebuildLauncher;
import dev.replay.jobs.rebuild.Projections;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.batch.core.job.AbstractJob;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.batch.core.job.Job;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * What {@code serve} adds to the application: the jobs by name (for schedules and the API),
 * launches on worker threads, the readers of the job metadata and of the stores, the archive's
 * health and the platform's metrics. Active only with the {@code serve} profile, which the
 * {@code serve} command sets; the other commands start none of it.
 */
@Configuration(proxyBeanMethods = false)
@Profile("serve")
class ServeConfiguration {

    @Bean
    BatchScheduledJobs scheduledJobs(RebuildLauncher rebuild, ArchiveLauncher archive, ExportLauncher export,
                                     Projections projections, ExportSettings exportSettings, PurgeLauncher purge) {
        return new BatchScheduledJobs(rebuild, archive, export, projections, exportSettings, purge);
    }

    @Bean
    JobLaunches jobLaunches(ServeProperties serve, List<Job> jobs) {
        JobLaunches launches = new JobLaunches(serve.launchThreads(), serve.launchWait());
        for (Job job : jobs) {
            if (job instanceof AbstractJob registrable) {
                registrable.registerJobExecutionListener(launches); // tells a REST launch its execution id
            }
        }
        return launches;
    }

    @Bean
    JdbcJobHistory jobHistory(DataSource dataSource) {
        return new JdbcJobHistory(dataSource);
    }

    @Bean
    JdbcJobProgress jobProgress(DataSource dataSource) {
        return new JdbcJobProgress(dataSource);
    }

    @Bean
    ExecutionViews executionViews(JdbcJobHistory history, JdbcJobProgress progress, DataSource dataSource) {
        return new ExecutionViews(history, progress, dataSource);
    }

    /**
     * Masks secret-looking keys, the secret options of the command line ({@code sun.java.command}),
     * and secrets inside other values (URL user info, pairs, JSON) in the actuator's env and configprops endpoints.
     */
    @Bean
    SanitizingFunction secretsSanitizer() {
        return data -> data.getValue() == null ? data
                : "sun.java.command".equals(data.getKey()) ? data.withValue(Secrets.maskCommandLine(data.getValue().toString()))
                : Secrets.isSecretKey(data.getKey()) ? data.withValue(Secrets.MASK)
                : data.getValue() instanceof String text ? data.withValue(Secrets.mask(text)) : data;
    }

    @Bean
    StoreStatistics storeStatistics(dev.replay.readers.HotStore hotStore, ArchiveCatalog catalog) {
        return new StoreStatistics(hotStore, catalog);
    }

    @Bean
    ReplayMetrics replayMetrics(StoreStatistics statistics, ProjectionStatusCache projectionStatuses,
                                Projections projections) {
        return new ReplayMetrics(statistics, projectionStatuses, projections.names());
    }

    @Bean
    ArchiveHealthIndicator archiveHealthIndicator(ArchiveFileSystems fileSystems) {
        return new ArchiveHealthIndicator(fileSystems);
    }
}
