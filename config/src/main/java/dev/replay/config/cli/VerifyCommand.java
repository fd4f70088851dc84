package dev.replay.config.cli;

import dev.replay.archive.ArchiveIntegrityCheck;
import dev.replay.archive.ArchiveLayout;
import dev.replay.archive.IntegrityProblem;
import dev.replay.archive.IntegrityReport;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code verify}: the integrity of hot store and archive together. Prints a summary (segments,
 * events per tier and per UTC day, aggregates, duration); on problems lists the first ones and
 * exits 1.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check the hot store and the archive together: every catalogued segment exists and matches its"
            + " row count and checksum; no event id is stored twice; every aggregate's versions run 1..n without gaps.",
            "Read-only. Exit 1 listing the first problems when anything is wrong."})
class VerifyCommand implements Callable<Integer> {

    @ParentCommand
    ReplayCommand parent;

    @Option(names = "--max-problems", paramLabel = "<n>", defaultValue = "20",
            description = "List at most this many problems (all are counted; default ${DEFAULT-VALUE}).")
    int maxProblems;

    @Override
    public Integer call() {
        if (maxProblems < 1) {
            throw new UsageException("--max-problems must be positive, was " + maxProblems);
        }
        ApplicationRuntime runtime = parent.runtime();
        IntegrityReport report = runtime.bean(ArchiveIntegrityCheck.class).run(maxProblems, listener(runtime, parent.err()));
        BarDisplay.endAll(); // a read cut short by missing segments leaves its bar open
        print(report, runtime.bean(ArchiveLayout.class), parent.out());
        if (!report.clean()) {
            throw new CommandFailedException(report.problemCount() + " integrity problem(s); the first: "
                    + report.problems().get(0));
        }
        return ReplayCli.OK;
    }

    private static ArchiveIntegrityCheck.Listener listener(ApplicationRuntime runtime, PrintStream err) {
        return new ArchiveIntegrityCheck.Listener() {
            private Progress progress;

            @Override
            public void archiveRead(long done, long total) {
                if (progress == null) {
                    progress = Progress.of(runtime, err, "Verify: reading segments", total);
                }
                progress.update(done);
            }
        };
    }

    private static boolean lostEvents(IntegrityProblem problem) {
        return problem.kind() == IntegrityProblem.Kind.SEGMENT_MISSING
                || problem.kind() == IntegrityProblem.Kind.SEGMENT_UNREADABLE;
    }

    static void print(IntegrityReport report, ArchiveLayout archive, PrintStream out) {
        out.printf("Verify: hot store and archive %s%n", archive);
        out.printf("  segments    %,d checked (catalogued with %,d events)%n", report.segments(), report.catalogRows());
        out.printf("  events      %,d: %,d in the hot store, %,d archived%n", report.events(), report.hotEvents(),
                report.archivedEvents());
        out.printf("  aggregates  %,d%n", report.aggregates());
        out.printf("  days        %,d%n", report.days().size());
        out.printf("    %-12s %14s %14s %14s %14s%n", "day (UTC)", "hot", "archived", "total", "catalogued");
        report.days().forEach((day, n) -> out.printf("    %-12s %,14d %,14d %,14d %,14d%s%n", day, n.hot(), n.archived(),
                n.total(), n.catalogued(), n.catalogued() == n.archived() ? "" : "  <- archive incomplete"));
        out.printf("  duration    %.1f s%n", report.duration().toMillis() / 1000.0);
        if (report.clean()) {
            out.println("OK: no problems found");
            return;
        }
        out.printf("PROBLEMS: %,d found%s%n", report.problemCount(), report.problemCount() > report.problems().size()
                ? ", the first " + report.problems().size() + " listed" : "");
        for (IntegrityProblem problem : report.problems()) {
            out.println("  - " + problem);
        }
        if (report.problems().stream().anyMatch(VerifyCommand::lostEvents)) {
            out.println("  (the events of a missing or unreadable segment count as lost: their versions show up as gaps)");
        }
    }
}
