package dev.replay.jobs.archive;

import dev.replay.jobs.rebuild.ReplayProgress;
import dev.replay.jobs.run.JdbcRunLedger;
import dev.replay.jobs.run.PrepareRunTasklet;
import org.springframework.beans.factory.ObjectProvider;
import dev.replay.archive.ArchiveCatalog;
import dev.replay.archive.ArchiveFileSystems;
import dev.replay.archive.ArchiveOrphanCleanup;
import dev.replay.archive.ArchiveSettings;
import dev.replay.archive.ArchiveStoreGuard;
import dev.replay.archive.ArchiveStoreId;
import dev.replay.archive.SegmentArchiver;
import dev.replay.readers.HotStore;
import javax.sql.DataSource;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code archive} job: {@code prepare} (fix cutoff and high-water mark in {@code archive_run}),
 * {@code cleanup} (delete orphan segment files; runs again on every restart) and {@code archive}
 * (segment by segment: write, verify, then catalog and delete in one transaction, see
 * {@link SegmentArchiver}, fed by {@link ArchiveSegmentsTasklet}).
 *
 * <p>Exactly once: an event is in the hot store until the transaction that catalogues its
 * segment deletes it, so a crash anywhere leaves it in exactly one of the two. Job parameters:
 * {@code before} (the cutoff instant, ISO-8601) and {@code run}, a number that makes each fresh
 * launch a new job instance and names its segments. Launch it through
 * {@link dev.replay.jobs.launch.ArchiveLauncher}, whose lock keeps runs from overlapping.
 *
 * <p>Needs beans: {@link JobRepository}, a {@link PlatformTransactionManager} on the primary
 * DataSource, the primary {@link DataSource} (where the catalog lives and events are deleted),
 * {@link ArchiveFileSystems}, {@link ArchiveCatalog} and {@link ArchiveSettings}.
 */
@Configuration(proxyBeanMethods = false)
public class ArchiveJobConfiguration {

    public static final String JOB = "archive";
    public static final String BEFORE = "before";
    public static final String RUN = "run";
    /**
     * Job ExecutionContext key: what the run held back in the hot store for projections that have
     * not caught up with it (a sentence), absent when nothing was.
     */
    public static final String HELD_BACK = "archive.held-back";

    @Bean
    public JdbcRunLedger<ArchiveRun> archiveRuns(DataSource dataSource) {
        return new JdbcRunLedger<>(dataSource, ArchiveRun.TABLE);
    }

    @Bean
    public ArchiveStoreGuard archiveStoreGuard(ArchiveFileSystems fileSystems, DataSource dataSource) {
        return new ArchiveStoreGuard(fileSystems, () -> ArchiveStoreId.of(dataSource));
    }

    @Bean
    public ArchiveOrphanCleanup archiveOrphanCleanup(ArchiveFileSystems fileSystems, ArchiveCatalog catalog,
                                                     ArchiveStoreGuard guard) {
        return new ArchiveOrphanCleanup(fileSystems, catalog, guard);
    }

    @Bean
    public Job archiveJob(JobRepository jobRepository, Step archivePrepareStep, Step archiveCleanupStep,
                          Step archiveSegmentsStep) {
        return new JobBuilder(JOB, jobRepository)
                .start(archivePrepareStep)
                .next(archiveCleanupStep)
                .next(archiveSegmentsStep)
                .build();
    }

    @Bean
    public Step archivePrepareStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                   JdbcRunLedger<ArchiveRun> runs, HotStore hotStore) {
        return new StepBuilder("prepare", jobRepository)
                .tasklet(new PrepareRunTasklet<>(runs, new ArchivePreparation(hotStore)), transactionManager)
                .build();
    }

    @Bean
    public Step archiveCleanupStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                   ArchiveOrphanCleanup cleanup) {
        return new StepBuilder("cleanup", jobRepository)
                .tasklet(new CleanupOrphansTasklet(cleanup), transactionManager)
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    public Step archiveSegmentsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                    JdbcRunLedger<ArchiveRun> runs, HotStore hotStore, ArchiveFileSystems fileSystems,
                                    ArchiveCatalog catalog, ArchiveSettings settings,
                                    ObjectProvider<ReplayProgress> progress) {
        SegmentArchiver archiver = new SegmentArchiver(hotStore, fileSystems, catalog, transactionManager, settings,
                new JobArchivalHooks());
        ArchiveSegmentsTasklet tasklet = new ArchiveSegmentsTasklet(runs::get, archiver,
                progress.getIfAvailable(() -> ReplayProgress.NONE));
        return new StepBuilder("archive", jobRepository)
                .tasklet(tasklet, transactionManager)
                .listener(tasklet)
                .build();
    }
}
