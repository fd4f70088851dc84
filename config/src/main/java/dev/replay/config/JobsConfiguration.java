package dev.replay.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.replay.jobs.launch.RebuildLauncher;
import dev.replay.jobs.rebuild.Projections;
import dev.replay.jobs.rebuild.ReadSource;
import dev.replay.jobs.rebuild.RebuildJobConfiguration;
import dev.replay.jobs.rebuild.RebuildSettings;
import dev.replay.writers.builtin.AccountBalanceProjection;
import dev.replay.writers.builtin.EventCountProjection;
import javax.sql.DataSource;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Wires the jobs of the {@code jobs} module into the application: their settings from
 * properties, the built-in projections (user projections are any other {@code Projection}
 * beans), the DataSource replays read from, and the launchers.
 */
@Configuration(proxyBeanMethods = false)
@Import(RebuildJobConfiguration.class)
class JobsConfiguration {

    @Bean
    RebuildSettings rebuildSettings(RebuildProperties rebuild, ReplayProperties replay, HotStoreProperties hot,
                                    DataSource dataSource) {
        RebuildSettings settings = rebuild.settings(replay.skipInvalid());
        checkPoolFitsPartitions(settings.partitionThreads(), hot.readReplica().configured(), dataSource);
        return settings;
    }

    /**
     * A running partition holds a connection for its chunk transaction and, reading from the
     * primary, one for its reader's prefetch; the job repository and the launcher's locks need two
     * more. A pool smaller than that would make partitions wait for connections until they time out.
     */
    static void checkPoolFitsPartitions(int threads, boolean replica, DataSource dataSource) {
        if (dataSource instanceof HikariDataSource hikari) {
            int needed = threads * (replica ? 1 : 2) + 2;
            if (hikari.getMaximumPoolSize() < needed) {
                throw new IllegalArgumentException("replay.rebuild.partition-threads=" + threads + " needs a pool of at"
                        + " least " + needed + " connections, but spring.datasource.hikari.maximum-pool-size is "
                        + hikari.getMaximumPoolSize() + "; raise the pool or lower the threads");
            }
        }
    }

    @Bean
    AccountBalanceProjection accountBalanceProjection() {
        return new AccountBalanceProjection();
    }

    @Bean
    EventCountProjection eventCountProjection() {
        return new EventCountProjection();
    }

    /** Where replays read events: the read replica when one is configured, else the primary. */
    @Bean
    ReadSource replayReadSource(HotStoreProperties hot, DataSource dataSource, RebuildSettings settings) {
        if (!hot.readReplica().configured()) {
            return new ReadSource(dataSource, false);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(hot.readReplica().url());
        config.setUsername(hot.readReplica().username());
        config.setPassword(hot.readReplica().password());
        config.setReadOnly(true);
        config.setPoolName("replay-read-replica");
        config.setMaximumPoolSize(Math.max(4, 2 * settings.partitionThreads() + 1)); // a page query and a prefetch each
        return new ReadSource(new HikariDataSource(config), true);
    }

    @Bean
    RebuildLauncher rebuildLauncher(JobOperator jobOperator, JobRepository jobRepository, Job rebuildJob,
                                    Projections projections, DataSource dataSource) {
        return new RebuildLauncher(jobOperator, jobRepository, rebuildJob, projections, dataSource);
    }
}
