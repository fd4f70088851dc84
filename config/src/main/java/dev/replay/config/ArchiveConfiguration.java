package dev.replay.config;

import dev.replay.archive.ArchiveCatalog;
import dev.replay.archive.ArchiveFileSystems;
import dev.replay.archive.ArchiveIntegrityCheck;
import dev.replay.archive.ArchiveLayout;
import dev.replay.archive.ArchiveStoreGuard;
import dev.replay.archive.CatalogArchivedEvents;
import dev.replay.readers.ArchivedEvents;
import dev.replay.readers.HotStore;
import dev.replay.jobs.archive.ArchiveJobConfiguration;
import dev.replay.archive.ArchiveOrphanCleanup;
import dev.replay.archive.ArchiveSettings;
import dev.replay.jobs.launch.ArchiveLauncher;
import javax.sql.DataSource;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Wires the archive: its layout and file system from {@code replay.archive.*} (opened on first
 * use, so commands that do not touch the archive never reach S3), the catalog, the archived events
 * that replays merge with the hot store, the archive job and its launcher, and the integrity
 * check of {@code verify}.
 */
@Configuration(proxyBeanMethods = false)
@Import(ArchiveJobConfiguration.class)
class ArchiveConfiguration {

    @Bean
    ArchiveSettings archiveSettings(ArchiveProperties archive) {
        return archive.settings();
    }

    @Bean
    ArchiveLayout archiveLayout(ArchiveProperties archive, ReplayProperties replay) {
        return ArchiveLayout.of(archive.uri(replay.dataDir()));
    }

    @Bean
    ArchiveFileSystems archiveFileSystems(ArchiveLayout layout, ArchiveProperties archive, ReplayProperties replay) {
        boolean s3 = "s3a".equals(layout.base().getScheme());
        return new ArchiveFileSystems(layout, s3 ? archive.s3a().settings() : null,
                replay.dataDir().toAbsolutePath().resolve("hadoop-tmp"));
    }

    @Bean
    ArchiveCatalog archiveCatalog(DataSource dataSource) {
        return new ArchiveCatalog(dataSource);
    }

    @Bean
    ArchivedEvents archivedEvents(ArchiveCatalog catalog, ArchiveFileSystems fileSystems) {
        return new CatalogArchivedEvents(catalog, fileSystems);
    }

    @Bean
    ArchiveIntegrityCheck archiveIntegrityCheck(HotStore hotStore, ArchiveFileSystems fileSystems) {
        return new ArchiveIntegrityCheck(hotStore, fileSystems);
    }

    @Bean
    ArchiveLauncher archiveLauncher(JobOperator jobOperator, JobRepository jobRepository, Job archiveJob,
                                    ArchiveOrphanCleanup cleanup, ArchiveStoreGuard guard, DataSource dataSource) {
        return new ArchiveLauncher(jobOperator, jobRepository, archiveJob, cleanup, guard, dataSource);
    }
}
