package dev.replay.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar on a platform it carries no PostgreSQL binaries for, as the JVM reports it (os.name, os.arch). */
class UnsupportedPlatformIT {

    @TempDir
    Path workDir;

    @Test
    @DisplayName("Issue 16: on a platform without binaries the embedded default exits 2 naming the platform and an external PostgreSQL")
    void anUnsupportedPlatformExitsTwoNamingItAndTheWayOut() throws Exception {
        // when
        int status;
        String output;
        try (ReplayProcess process = ReplayProcess.startAsShipped(workDir, List.of("-Dos.arch=ppc64le"), "jobs")) {
            status = process.waitForExit(Duration.ofMinutes(2));
            output = process.output();
        }

        // then
        assertThat(status).as(output).isEqualTo(2);
        assertThat(output.strip().lines()).as(output).singleElement().asString()
                .startsWith("replay jobs: The embedded PostgreSQL does not run on this platform (os.name="
                        + System.getProperty("os.name") + ", os.arch=ppc64le)")
                .contains("--spring.datasource.url=jdbc:postgresql://");
        assertThat(workDir.resolve("replay-data").resolve("postgres")).satisfiesAnyOf(
                dir -> assertThat(dir).doesNotExist(), dir -> assertThat(Files.list(dir)).isEmpty());
    }
}
