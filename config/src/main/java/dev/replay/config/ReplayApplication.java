package dev.replay.config;

import dev.replay.config.cli.ReplayCli;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The runnable application. {@link #main} hands the arguments to the command line, which starts
 * this Spring Boot application only for commands that need it, so {@code --help} and bad usage
 * answer at once without a database.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReplayApplication {

    public static void main(String[] args) {
        System.exit(ReplayCli.run(args, System.out, System.err));
    }
}
