package dev.replay.config.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs the command line in-process, as a test would from a shell: exit status and what it printed. */
public final class CliRunner {

    private CliRunner() {
    }

    public record Result(int status, String out, String err) {
    }

    public static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ReplayCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs against the database at {@code jdbcUrl}. */
    public static Result against(String jdbcUrl, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--spring.datasource.url=" + jdbcUrl);
        all.add("--spring.datasource.username=postgres");
        return run(all.toArray(String[]::new));
    }
}
