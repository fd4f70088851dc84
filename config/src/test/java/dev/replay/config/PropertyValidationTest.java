package dev.replay.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.cli.CliRunner;
import dev.replay.config.partitioning.PartitioningProperties;
import dev.replay.config.serve.ServeProperties;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** The replay.* properties, validated by Bean Validation as they are bound, refused in one line naming them. */
@DisplayName("Issue 16: properties validated with Bean Validation naming the property")
class PropertyValidationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(AllProperties.class);

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({RebuildProperties.class, ExportProperties.class, ArchiveProperties.class,
            ReplayProperties.class, ServeProperties.class, PartitioningProperties.class})
    static class AllProperties {
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "replay.rebuild.chunk-size | 0 | replay.rebuild.chunk-size must be positive, was 0",
        "replay.rebuild.keep-copies | -1 | replay.rebuild.keep-copies must not be negative, was -1",
        "replay.rebuild.fold-max-held | -3 | replay.rebuild.fold-max-held must be positive, was -3",
        "replay.export.page-size | 0 | replay.export.page-size must be positive, was 0",
        "replay.export.max-rate | -5 | replay.export.max-rate must not be negative, was -5",
        "replay.archive.segment-max-rows | 0 | replay.archive.segment-max-rows must be positive, was 0",
        "replay.seed-writers | 0 | replay.seed-writers must be positive, was 0",
        "replay.serve.launch-threads | 0 | replay.serve.launch-threads must be positive, was 0",
        "replay.partitioning.worker-threads | 0 | replay.partitioning.worker-threads must be positive, was 0",
        "replay.partitioning.poll-interval | 0s | replay.partitioning.poll-interval must be positive, was PT0S",
        "replay.partitioning.mode | cluster | replay.partitioning.mode must be local or remote, was cluster",
    })
    @DisplayName("Issue 16: an out-of-range property fails the start in one line naming the property and the value")
    void outOfRangePropertyIsNamedWithItsValue(String property, String value, String expected) {
        context.withPropertyValues(property + "=" + value).run(app -> {
            assertThat(app).hasFailed();
            assertThat(app.getStartupFailure()).rootCause().isInstanceOf(BindValidationException.class);
            BindValidationException violations = (BindValidationException) rootCause(app.getStartupFailure());
            assertThat(PropertyViolations.describe(violations)).isEqualTo(expected);
        });
    }

    @Test
    @DisplayName("Issue 16: two bad properties of one prefix are both named, in one line")
    void twoViolationsAreBothNamed() {
        context.withPropertyValues("replay.rebuild.page-size=0", "replay.rebuild.chunk-size=-1").run(app ->
                assertThat(PropertyViolations.describe((BindValidationException) rootCause(app.getStartupFailure())))
                        .isEqualTo("replay.rebuild.chunk-size must be positive, was -1;"
                                + " replay.rebuild.page-size must be positive, was 0"));
    }

    @Test
    @DisplayName("Issue 16: sizes and durations bind through Spring Boot's conversion (512MB, 1GB, 200ms)")
    void sizesAndDurationsUseBootsFormats() {
        context.withPropertyValues("replay.archive.segment-max-bytes=1GB", "replay.partitioning.poll-interval=200ms",
                "replay.partitioning.timeout=2h").run(app -> {
            assertThat(app.getBean(ArchiveProperties.class).settings().segmentMaxBytes())
                    .isEqualTo(1024L * 1024 * 1024);
            assertThat(app.getBean(PartitioningProperties.class).pollInterval()).isEqualTo(Duration.ofMillis(200));
            assertThat(app.getBean(PartitioningProperties.class).timeout()).isEqualTo(Duration.ofHours(2));
        });
    }

    @Test
    @DisplayName("Issue 16: a plain number of bytes still binds as segment-max-bytes, and 0 is refused naming it")
    void segmentMaxBytesAsANumber() {
        context.withPropertyValues("replay.archive.segment-max-bytes=1048576").run(app ->
                assertThat(app.getBean(ArchiveProperties.class).segmentMaxBytes()).isEqualTo(DataSize.ofMegabytes(1)));
        context.withPropertyValues("replay.archive.segment-max-bytes=0").run(app ->
                assertThat(app).hasFailed().getFailure().rootCause()
                        .hasMessage("replay.archive.segment-max-bytes must be positive, was 0B"));
    }

    @Test
    @DisplayName("Issue 16: the command line exits 2 with one line naming a property Bean Validation refused")
    void commandLineExitsTwoNamingTheProperty() {
        CliRunner.Result run = CliRunner.run("jobs", "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/x",
                "--replay.seed-writers=0");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("replay jobs: replay.seed-writers must be positive, was 0");
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }
}
