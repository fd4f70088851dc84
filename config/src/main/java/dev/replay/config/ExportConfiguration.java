package dev.replay.config;

import dev.replay.jobs.export.ExportJobConfiguration;
import dev.replay.jobs.export.ExportOutputGuard;
import dev.replay.jobs.export.ExportSettings;
import dev.replay.archive.sink.ExportStorage;
import dev.replay.jobs.export.JdbcExportRuns;
import dev.replay.jobs.launch.ExportLauncher;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Wires exports: their settings from {@code replay.export.*}, where outputs are written (an
 * {@code s3a://} output uses the archive's S3A settings, {@code replay.archive.s3a.*}), what no
 * export may write into (the archive and the data directory), the export job and its launcher.
 */
@Configuration(proxyBeanMethods = false)
@Import(ExportJobConfiguration.class)
class ExportConfiguration {

    @Bean
    ExportSettings exportSettings(ExportProperties export) {
        return export.settings();
    }

    @Bean
    ExportStorage exportStorage(ArchiveProperties archive, ReplayProperties replay) {
        return new ExportStorage(archive.s3a().settings(), replay.dataDir().toAbsolutePath().resolve("hadoop-tmp"));
    }

    @Bean
    ExportOutputGuard exportOutputGuard(ArchiveProperties archive, ReplayProperties replay, JdbcExportRuns runs) {
        Map<String, String> guarded = new LinkedHashMap<>();
        guarded.put("the archive (replay.archive.uri)", archive.uri(replay.dataDir()));
        guarded.put("the data directory (replay.data-dir)", replay.dataDir().toAbsolutePath().normalize().toString());
        return new ExportOutputGuard(guarded, runs);
    }

    @Bean
    ExportLauncher exportLauncher(JobOperator jobOperator, JobRepository jobRepository, Job exportJob,
                                  ExportStorage storage, DataSource dataSource, ExportOutputGuard guard) {
        return new ExportLauncher(jobOperator, jobRepository, exportJob, storage, dataSource, guard);
    }
}
