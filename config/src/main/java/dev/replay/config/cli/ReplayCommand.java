package dev.replay.config.cli;

import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code replay} command; its subcommands do the work. */
@Command(name = "replay", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Batch replay, projection rebuilds and archival for event-sourced systems.%n"
                + "Spring properties go as --name=value, e.g. --spring.datasource.url=jdbc:postgresql://host/db",
        subcommands = {DemoCommand.class, SeedCommand.class, RebuildCommand.class, JobsCommand.class,
            RestartCommand.class, StopCommand.class, ArchiveCommand.class, SegmentsCommand.class, ExportCommand.class,
            VerifyCommand.class, ServeCommand.class, WorkerCommand.class, BenchCommand.class, AdoptCommand.class,
            ProjectionsCommand.class,
            DeadLettersCommand.class,
            RollbackCommand.class, PurgeCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:done", "1:the job or command failed (reason on stderr)", "2:bad usage or configuration"})
public class ReplayCommand implements Runnable {

    private final ApplicationRuntime runtime;
    private final PrintStream out;
    private final PrintStream err;

    @Spec
    CommandSpec spec;

    ReplayCommand(ApplicationRuntime runtime, PrintStream out, PrintStream err) {
        this.runtime = runtime;
        this.out = out;
        this.err = err;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: one of " + spec.subcommands().keySet());
    }

    ApplicationRuntime runtime() {
        return runtime;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }
}
