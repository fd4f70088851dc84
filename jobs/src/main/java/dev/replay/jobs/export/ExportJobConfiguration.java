package dev.replay.jobs.export;

import dev.replay.archive.sink.ExportFormat;
import dev.replay.archive.sink.ExportOutput;
import dev.replay.archive.sink.ExportStorage;
import dev.replay.jobs.rebuild.ReadSource;
import dev.replay.jobs.rebuild.ReplayProgress;
import dev.replay.jobs.run.JdbcRunLedger;
import dev.replay.jobs.run.PrepareRunTasklet;
import dev.replay.jobs.run.RunProgress;
import dev.replay.jobs.run.RunStepListener;
import dev.replay.jobs.support.Failpoint;
import dev.replay.jobs.support.HeldLocks;
import dev.replay.jobs.support.StepScopedReader;
import dev.replay.readers.Event;
import dev.replay.readers.ArchivedEvents;
import dev.replay.readers.HotStore;
import dev.replay.readers.builder.MergedEventReaderBuilder;
import dev.replay.readers.upcast.Upcasters;
import dev.replay.readers.upcast.UpcastingItemProcessor;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.batch.infrastructure.item.file.builder.FlatFileItemWriterBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.core.io.FileSystemResource;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code export} job: {@code prepare} (guard, clear or refuse the output, fix the high-water mark in
 * {@code export_run}), {@code export} (the filtered events in replay order into the file sink,
 * chunk by chunk, at most {@code max-rate} a second) and {@code finish} (mark a directory of parts
 * complete).
 *
 * <p>Sinks, each a named {@code ItemStreamWriter} whose state commits with the reader's checkpoint
 * in the chunk's transaction, so that a restarted export's output equals an uninterrupted one:
 * <ul>
 *   <li>JSON lines or CSV to a local path: one file, Spring Batch's transactional
 *       {@code FlatFileItemWriter}: a chunk's lines reach the file just before the transaction
 *       commits, the byte offset is saved with it ({@code export.current.count}), and a restart
 *       truncates the file to the last committed offset before appending;</li>
 *   <li>Parquet anywhere, and any format on S3A: a directory of part files that are closed before
 *       their chunk commits; a restart deletes the parts beyond the committed count
 *       ({@link PartFileItemWriter}).</li>
 * </ul>
 *
 * <p>Job parameters: the {@link ExportRequest} (filter, {@code format}, {@code out}; identifying),
 * {@code max-rate} and {@code overwrite} (not identifying) and {@code run}, a number that makes
 * each fresh launch a new job instance. Launch it through
 * {@link dev.replay.jobs.launch.ExportLauncher}, whose lock keeps two exports off one output.
 *
 * <p>Needs beans: {@link JobRepository}, a {@link PlatformTransactionManager} on the primary
 * DataSource, the primary {@link DataSource} (for {@code export_run}), a {@link ReadSource},
 * {@link ExportSettings}, {@link ExportStorage} and optionally a {@link ReplayProgress} and an
 * {@link ExportOutputGuard} (without one, only other exports' outputs are guarded).
 */
@Configuration(proxyBeanMethods = false)
public class ExportJobConfiguration {

    public static final String JOB = "export";
    public static final String FORMAT = "format";
    public static final String OUT = "out";
    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String AGGREGATE_TYPES = "aggregate-types";
    public static final String EVENT_TYPES = "event-types";
    public static final String AGGREGATE_IDS = "aggregate-ids";
    public static final String MAX_RATE = "max-rate";
    public static final String OVERWRITE = "overwrite";
    public static final String RUN = "run";
    /** The export step's name, and the prefix of its writer's saved state. */
    public static final String STEP = "export";
    public static final String WRITER = "export";
    static final String READER = "events";

    @Bean
    public JdbcExportRuns exportRuns(DataSource dataSource) {
        return new JdbcExportRuns(dataSource);
    }

    @Bean
    public JdbcRunLedger<ExportRun> exportRunLedger(DataSource dataSource) {
        return new JdbcRunLedger<>(dataSource, ExportRun.TABLE);
    }

    /** The run of the current step execution, read once and shared by its reader and listener. */
    @Bean
    @Scope(value = "step", proxyMode = ScopedProxyMode.NO)
    ExportRun exportRun(@Value("#{stepExecution.jobExecution.jobInstanceId}") long instance,
                        JdbcRunLedger<ExportRun> exportRunLedger) {
        return exportRunLedger.get(instance);
    }

    @Bean
    public Job exportJob(JobRepository jobRepository, Step exportPrepareStep, Step exportEventsStep,
                         Step exportFinishStep) {
        return new JobBuilder(JOB, jobRepository)
                .start(exportPrepareStep)
                .next(exportEventsStep)
                .next(exportFinishStep)
                .build();
    }

    @Bean
    public Step exportPrepareStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                  JdbcExportRuns runs, JdbcRunLedger<ExportRun> exportRunLedger,
                                  ExportStorage storage, ReadSource readSource, HotStore hotStore,
                                  ObjectProvider<ArchivedEvents> archive, ObjectProvider<ExportOutputGuard> guard) {
        return new StepBuilder("prepare", jobRepository)
                .tasklet(new PrepareRunTasklet<>(exportRunLedger, new ExportPreparation(runs, storage,
                        hotStore.on(readSource.dataSource()), archive.getIfAvailable(() -> ArchivedEvents.NONE),
                        guard.getIfAvailable(() -> new ExportOutputGuard(Map.of(), runs)))), transactionManager)
                .build();
    }

    @Bean
    public Step exportEventsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                 ExportSettings settings,
                                 @Qualifier("exportReader") ItemStreamReader<Event> exportReader,
                                 @Qualifier("exportWriter") ItemStreamWriter<Event> exportWriter,
                                 RunStepListener exportProgressListener, Upcasters upcasters) {
        return new StepBuilder(STEP, jobRepository)
                .<Event, Event>chunk(settings.chunkSize())
                .transactionManager(transactionManager)
                .reader(new StepScopedReader<>(exportReader))
                .processor(upcasters.isEmpty() ? null : new UpcastingItemProcessor(upcasters)) // null: no processor
                .writer(exportWriter)
                .listener(exportProgressListener)
                .build();
    }

    @Bean
    public Step exportFinishStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                 ExportStorage storage) {
        return new StepBuilder("finish", jobRepository)
                .tasklet(new FinishExportTasklet(storage), transactionManager)
                .build();
    }

    /**
     * The export's reader: the run's events that pass the filter, in replay order, bounded by its
     * high-water mark, at most {@code max-rate} a second. The one place the source is chosen.
     */
    @Bean
    @StepScope
    public ItemStreamReader<Event> exportReader(@Value("#{stepExecution}") StepExecution stepExecution, ExportRun run,
                                                ExportSettings settings, ReadSource readSource, HotStore hotStore,
                                                ObjectProvider<ArchivedEvents> archive) {
        ExportRequest request = ExportRequest.of(stepExecution.getJobParameters());
        ItemStreamReader<Event> events = new MergedEventReaderBuilder()
                .name(READER)
                .hotStore(hotStore.on(readSource.dataSource()))
                .archive(archive.getIfAvailable(() -> ArchivedEvents.NONE))
                .highWaterMark(run.highWaterMark())
                .filter(request.filter())
                .pageSize(settings.pageSize())
                .historyComplete(false) // an export reports what is there; verify checks the history
                .build();
        return RateLimitedItemReader.of(events, ExportRequest.maxRate(stepExecution.getJobParameters()));
    }

    /** The sink: one local file for a line format on a local path, else a directory of parts. */
    @Bean
    @StepScope
    public ItemStreamWriter<Event> exportWriter(@Value("#{stepExecution}") StepExecution stepExecution,
                                                ExportStorage storage) {
        ExportRequest request = ExportRequest.of(stepExecution.getJobParameters());
        ExportOutput output = request.output();
        if (!output.singleFile(request.format())) {
            return new PartFileItemWriter(WRITER, storage, output, request.format());
        }
        boolean csv = request.format() == ExportFormat.CSV;
        FlatFileItemWriterBuilder<Event> builder = new FlatFileItemWriterBuilder<Event>()
                .name(WRITER)
                .resource(new FileSystemResource(output.localPath()))
                .encoding("UTF-8")
                .lineAggregator(csv ? new EventCsvLineAggregator() : new EventJsonLineAggregator())
                .lineSeparator(csv ? EventCsvLineAggregator.LINE_SEPARATOR : "\n")
                .transactional(true)
                .saveState(true);
        if (csv) {
            builder.headerCallback(writer -> writer.write(EventCsvLineAggregator.HEADER));
        }
        return builder.build();
    }

    /** The lifecycle's listener: what is left is the run's count less what earlier executions wrote. */
    @Bean
    @StepScope
    public RunStepListener exportProgressListener(ExportRun run, ObjectProvider<ReplayProgress> progress) {
        return RunStepListener.step(new RunProgress(progress.getIfAvailable(() -> ReplayProgress.NONE)),
                step -> Math.max(0, run.eventsTotal() - step.getExecutionContext().getLong(WRITER + ".written", 0L)),
                ExportJobConfiguration::chunkWritten,
                HeldLocks.ARCHIVE_TIER); // a lost shared tier lock lets archival move events under this export
    }

    private static void chunkWritten() {
        Failpoint.reach("export.chunk-written"); // written (a single file only into its buffer), not committed
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            // registered after the file writer's own synchronization, so it runs after the buffer reached the file
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    Failpoint.reach("export.chunk-before-commit");
                }
            });
        }
    }
}
