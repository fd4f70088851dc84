package dev.replay.config.cli;

import dev.replay.config.ReplayApplication;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The command line: parses the arguments with picocli and runs one subcommand.
 *
 * <p>Arguments of the form {@code --some.property=value} (a dotted name) are Spring properties
 * and go to the application context, as with any Spring Boot application; everything else is
 * the command's. Exit status: 0 done, 1 the job failed, 2 bad usage or configuration.
 */
public final class ReplayCli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private static final Pattern SPRING_PROPERTY = Pattern.compile("--[A-Za-z][\\w-]*(\\.[\\w\\[\\]-]+)+=.*");

    private ReplayCli() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(ReplayApplication.class, args, out, err);
    }

    /**
     * The command line of a user's own Spring Boot application that embeds the platform: the
     * commands start {@code application} (its beans, its projections, the platform's
     * auto-configuration) instead of the runnable jar's {@link ReplayApplication}.
     */
    public static int run(Class<?> application, String[] args, PrintStream out, PrintStream err) {
        List<String> springArgs = new ArrayList<>();
        List<String> commandArgs = new ArrayList<>();
        for (String arg : args) {
            (SPRING_PROPERTY.matcher(arg).matches() ? springArgs : commandArgs).add(arg);
        }
        try (ApplicationRuntime runtime = new ApplicationRuntime(application, springArgs.toArray(String[]::new))) {
            CommandLine cli = new CommandLine(new ReplayCommand(runtime, out, err));
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            cli.setParameterExceptionHandler(ReplayCli::usageError);
            cli.setExecutionExceptionHandler(new FailureHandler(err));
            return cli.execute(commandArgs.toArray(String[]::new));
        }
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("replay: " + e.getMessage());
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
        return USAGE;
    }
}
