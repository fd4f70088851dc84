package dev.replay.config.cli;

import dev.replay.archive.ArchiveCatalog;
import dev.replay.config.bench.ApplyMeasurement;
import dev.replay.config.bench.ArchiveReplayMeasurement;
import dev.replay.config.bench.BenchSqlProjection;
import dev.replay.config.bench.HandWrittenBalanceJob;
import dev.replay.config.bench.RawCopyRead;
import dev.replay.config.bench.ReadAmplification;
import dev.replay.config.bench.ReaderMeasurement;
import dev.replay.config.cli.BenchMeter.Phase;
import dev.replay.jobs.launch.ArchiveLauncher;
import dev.replay.jobs.launch.RebuildLauncher;
import dev.replay.jobs.rebuild.RebuildMode;
import dev.replay.jobs.rebuild.RebuildSettings;
import dev.replay.readers.ArchivedEvents;
import dev.replay.readers.HotStore;
import dev.replay.readers.sample.SeedSpec;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.transaction.PlatformTransactionManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code bench}: on one data set in one process, the raw read limit (the faster of text and binary
 * {@code COPY ... TO STDOUT}), this platform's {@code account-balances} rebuild, and the same
 * rebuild hand-written with stock Spring Batch; events/s, ratios and peak heap of each. Seeds the
 * data when the hot store is empty. With {@code --archive-half} ({@code --archive-all}), then
 * archives the older half (every event), measuring archival, rebuilds again over archive and hot
 * store merged (the archive only), and replays the archive into a projection that does nothing
 * ({@link ArchiveReplayMeasurement}). A data set already archived in part by an earlier run
 * measures only the merged rebuild and that replay. With {@code --partitions}, partitioned rebuilds
 * instead, each with what its partitions read per tier ({@link ReadAmplification}); with an
 * {@code --archive-*} option, after archiving. {@code --reader} and {@code --apply} first measure two parts
 * of the rebuild alone: the hot-store reader ({@link ReaderMeasurement}) and the apply path of
 * {@code account-balances} ({@link ApplyMeasurement}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark the rebuild against the raw read limit and a hand-written Spring Batch job.",
            "Seeds --events sample events into an empty hot store first; use its own --replay.data-dir."})
class BenchCommand implements Callable<Integer> {

    @ParentCommand
    ReplayCommand parent;

    @Option(names = "--events", defaultValue = "1000000", description = "Events in the hot store (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--accounts", defaultValue = "100000", description = "Accounts when seeding (default: ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--baseline-max-events", defaultValue = "1000000",
            description = "Events the hand-written job replays; it slows down the deeper it reads (default: ${DEFAULT-VALUE}).")
    int baselineMaxEvents;

    @Option(names = "--archive-half",
            description = "Then archive the older half and rebuild again over archive and hot store merged.")
    boolean archiveHalf;

    @Option(names = "--archive-all",
            description = "Then archive every event and rebuild again over the archive only.")
    boolean archiveAll;

    @Option(names = "--partitions", split = ",", paramLabel = "N[,N...]",
            description = {"Measure partitioned rebuilds instead: the single stream, then --partitions N for each N",
                "(local threads, or remote workers with replay.partitioning.mode=remote), with what each partition",
                "read per tier; after --archive-half or --archive-all when given."})
    List<Integer> partitions;

    @Option(names = "--reader", description = "First measure the hot-store reader alone (prefetch off and on, in chunks).")
    boolean reader;

    @Option(names = "--apply", description = {"First measure the apply path of account-balances alone (live and building modes);",
        "makes a build of the first --apply-events events live, which the rebuilds that follow replace."})
    boolean apply;

    @Option(names = "--apply-events", defaultValue = "1000000",
            description = "Events --apply holds in memory and applies (default: ${DEFAULT-VALUE}).")
    int applyEvents;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds of --reader and --apply (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--sql-projection", description = {"Also rebuild a one-statement SQL projection, "
        + BenchSqlProjection.NAME + " (each Deposited", "amount added to its account's total), beside account-balances."})
    boolean sqlProjection;

    private final BenchMeter meter = new BenchMeter();

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || applyEvents < 1) {
            throw new UsageException("--rounds and --apply-events must be at least 1, were " + rounds + " and " + applyEvents);
        }
        if (archiveHalf && archiveAll) {
            throw new UsageException("--archive-half and --archive-all exclude each other; give one of them");
        }
        ApplicationRuntime runtime = sqlProjection ? parent.runtime().withDefaults(BenchSqlProjection.PROPERTIES)
                : parent.runtime();
        HotStore hotStore = runtime.bean(HotStore.class);
        PrintStream out = parent.out();
        long archived = archivedEvents(runtime);
        if (archived == 0) {
            prepareData(runtime, hotStore, out);
        }
        measureParts(hotStore, out);
        if (partitions != null && !partitions.isEmpty()) {
            if (archived == 0 && (archiveHalf || archiveAll)) {
                archive(runtime, hotStore, out);
                archived = archivedEvents(runtime);
            }
            return partitioned(runtime, hotStore, out, archived);
        }
        if (archived > 0) {
            return mergedOnly(runtime, hotStore, out, archived);
        }

        Phase raw = meter.measure(() -> RawCopyRead.readAll(hotStore));
        Phase rawBinary = meter.measure(() -> RawCopyRead.readAllBinary(hotStore));
        Phase rebuild = fullRebuild(runtime);
        Phase sql = sqlProjection ? meter.measure(() -> meter.readCount(runtime.bean(RebuildLauncher.class)
                .run(BenchSqlProjection.NAME, RebuildMode.FULL))) : null;
        Phase baseline = meter.measure(() -> meter.readCount(runtime.bean(JobOperator.class).start(
                HandWrittenBalanceJob.create(runtime.bean(JobRepository.class), runtime.bean(PlatformTransactionManager.class),
                        hotStore, baselineMaxEvents),
                new JobParametersBuilder().addLong("run", System.currentTimeMillis()).toJobParameters())));

        BenchMeter.header(out);
        BenchMeter.print(out, "raw COPY ... TO STDOUT", raw);
        BenchMeter.print(out, "raw binary COPY", rawBinary);
        BenchMeter.print(out, "rebuild account-balances", rebuild);
        if (sql != null) {
            BenchMeter.print(out, "rebuild SQL " + BenchSqlProjection.NAME, sql);
        }
        BenchMeter.print(out, "hand-written Spring Batch", baseline);
        double limit = Math.max(raw.rate(), rawBinary.rate());
        out.printf("%nraw read limit: %s COPY, %,.0f events/s (binary / text: %.2f)%n",
                rawBinary.rate() > raw.rate() ? "binary" : "text", limit, rawBinary.rate() / raw.rate());
        out.printf("rebuild / raw read limit:    %.2f   (target >= 0.85)%n", rebuild.rate() / limit);
        out.printf("rebuild / hand-written job:  %.1fx  (target >= 5x)%n", rebuild.rate() / baseline.rate());
        if (sql != null) {
            out.printf("SQL projection / account-balances: %.2f%n", sql.rate() / rebuild.rate());
        }
        if (archiveHalf || archiveAll) {
            archive(runtime, hotStore, out);
            Phase archivedRebuild = fullRebuild(runtime);
            BenchMeter.print(out, archiveAll ? "rebuild, all archived" : "rebuild, half archived", archivedRebuild);
            out.printf("%n%s: %.2f   (target >= %s)%n", archiveAll ? "rebuild over archive only / hot only"
                    : "merged rebuild / hot only", archivedRebuild.rate() / rebuild.rate(), archiveAll ? "2.00" : "1.40");
        }
        archiveReplay(runtime, hotStore, out);
        out.printf("max heap (-Xmx): %d MB; JVM %s, %d cores%n", Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        return ReplayCli.OK;
    }

    private int mergedOnly(ApplicationRuntime runtime, HotStore hotStore, PrintStream out, long archived)
            throws Exception {
        long hot = hotStore.summary().events();
        out.printf("The data set is already archived in part (%,d archived, %,d hot): measuring the merged rebuild only%n",
                archived, hot);
        Phase merged = fullRebuild(runtime);
        BenchMeter.header(out);
        BenchMeter.print(out, "rebuild, part archived", merged);
        archiveReplay(runtime, hotStore, out);
        return ReplayCli.OK;
    }

    private int partitioned(ApplicationRuntime runtime, HotStore hotStore, PrintStream out, long archived)
            throws Exception {
        RebuildLauncher launcher = runtime.bean(RebuildLauncher.class);
        Phase single = meter.measure(() -> meter.readCount(launcher.run("account-balances", RebuildMode.FULL)));
        List<Phase> phases = new ArrayList<>();
        List<ReadAmplification> reads = new ArrayList<>();
        long hot = hotStore.summary().events();
        for (int n : partitions) {
            ReadAmplification read = new ReadAmplification(hotStore);
            read.start(); // outside the measured time: it waits for PostgreSQL's statistics
            try {
                phases.add(meter.measure(() -> meter.readCount(launcher.run("account-balances", RebuildMode.FULL, n))));
            } finally {
                read.stop();
            }
            reads.add(read);
        }
        BenchMeter.header(out);
        BenchMeter.print(out, "rebuild, one stream", single);
        for (int i = 0; i < partitions.size(); i++) {
            BenchMeter.print(out, "rebuild, " + partitions.get(i) + " partitions", phases.get(i));
        }
        for (int i = 0; i < partitions.size(); i++) {
            reads.get(i).print(out, partitions.get(i), hot, archived);
        }
        String mode = runtime.context().getEnvironment().getProperty("replay.partitioning.mode", "local");
        out.printf("%npartitions on %s; %,d archived events, %,d hot; JVM %s, %d cores%n", mode.equals("remote")
                        ? "remote workers" : runtime.bean(RebuildSettings.class).partitionThreads() + " local threads at most",
                archived, hot, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        return ReplayCli.OK;
    }

    private Phase fullRebuild(ApplicationRuntime runtime) throws Exception {
        return meter.measure(() -> meter.readCount(runtime.bean(RebuildLauncher.class).run("account-balances", RebuildMode.FULL)));
    }

    /**
     * Archives the older half of the events ({@code --archive-half}) or every one ({@code --archive-all}),
     * then vacuums; prints both, under a new table header.
     */
    private void archive(ApplicationRuntime runtime, HotStore hotStore, PrintStream out) throws Exception {
        Instant cutoff = archiveAll ? hotStore.summary().last().plusSeconds(1)
                : SeedCommand.DEFAULT_START.plus(Duration.ofDays(365 / 2));
        Phase archival = meter.measure(() -> meter.readCount(runtime.bean(ArchiveLauncher.class).run(cutoff)));
        // what autovacuum does soon after any archival; measured apart, so the rebuild starts on a
        // hot store without the archived rows' dead index entries, as a nightly rebuild would
        Phase vacuum = meter.measure(() -> {
            hotStore.vacuumAnalyze();
            return hotStore.summary().events();
        });
        BenchMeter.header(out);
        BenchMeter.print(out, "archive before " + cutoff.toString().substring(0, 10), archival);
        BenchMeter.print(out, "vacuum analyze " + hotStore.table(), vacuum);
        if (archiveAll && vacuum.events() > 0) {
            out.printf("%,d events stayed in the hot store (held back by a live mark)%n", vacuum.events());
        }
    }

    /** The archive replayed into a projection that does nothing, through the rebuild's reader; skipped without an archive. */
    private void archiveReplay(ApplicationRuntime runtime, HotStore hotStore, PrintStream out) throws Exception {
        if (archivedEvents(runtime) == 0) {
            out.printf("archive replay into a no-op projection: skipped, the archive is empty"
                    + " (--archive-half or --archive-all archive first)%n");
            return;
        }
        Phase replay = meter.measure(() -> new ArchiveReplayMeasurement(hotStore, runtime.bean(ArchivedEvents.class),
                runtime.bean(RebuildSettings.class).chunkSize()).replay());
        out.printf("archive replay into a no-op projection: %,.0f events/s   (%,d events, %.1f s; target >= 1,000,000)%n",
                replay.rate(), replay.events(), replay.seconds());
    }

    /** The parts of the rebuild alone, when asked for: before the rebuilds, which replace what {@code --apply} swapped in. */
    private void measureParts(HotStore hotStore, PrintStream out) {
        if (reader) {
            new ReaderMeasurement(hotStore, out).run(rounds);
        }
        if (apply) {
            new ApplyMeasurement(hotStore, out).run(applyEvents, rounds);
        }
    }

    private static long archivedEvents(ApplicationRuntime runtime) {
        return runtime.bean(ArchiveCatalog.class).list().stream().mapToLong(s -> s.info().rows()).sum();
    }

    private void prepareData(ApplicationRuntime runtime, HotStore hotStore, PrintStream out) {
        long present = hotStore.summary().events();
        if (present == 0) {
            SeedSpec spec = new SeedSpec(events, accounts, 365, 42, SeedCommand.DEFAULT_START);
            Progress progress = SampleData.seed(parent, spec);
            out.printf("Seeded %,d events for %,d accounts: %,.0f events/s%n", events, spec.openedAccounts(),
                    progress.rate(events));
        } else if (present != events) {
            throw new UsageException("bench needs an empty hot store or exactly --events " + events + " events, found "
                    + present + "; point it at a data directory of its own, e.g. --replay.data-dir=./bench-data");
        }
    }
}
