package dev.replay.config.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One in-process run of the command line: its exit status and what it printed. */
record CliRun(int status, String out, String err) {

    static CliRun run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ReplayCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs against the database at {@code jdbcUrl}. */
    static CliRun against(String jdbcUrl, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--spring.datasource.url=" + jdbcUrl);
        all.add("--spring.datasource.username=postgres");
        return run(all.toArray(String[]::new));
    }
}
