package dev.replay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.archive.ArchiveSettings;
import jakarta.validation.Validation;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

@DisplayName("Issue 13: replay.archive.* bind as a validated record with defaults")
class ArchivePropertiesTest {

    private static ArchiveProperties bind(Map<String, String> properties) {
        // validated as Boot validates a @Validated properties record: Bean Validation after binding
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("replay.archive",
                Bindable.of(ArchiveProperties.class), new ValidationBindHandler(
                        new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator())));
    }

    @Test
    @DisplayName("Issue 13: unset archive properties take the documented defaults")
    void defaults() {
        ArchiveSettings settings = bind(Map.of()).settings();

        assertThat(settings.segmentMaxRows()).isEqualTo(500_000);
        assertThat(settings.segmentMaxBytes()).isEqualTo(512L * 1024 * 1024);
        assertThat(settings.pageSize()).isEqualTo(10_000);
    }

    @Test
    @DisplayName("Issue 13: a set archive property overrides its default")
    void override() {
        assertThat(bind(Map.of("replay.archive.segment-max-rows", "300")).settings().segmentMaxRows()).isEqualTo(300);
    }

    @Test
    @DisplayName("Issue 13: an out-of-range archive property fails naming the property and the value")
    void outOfRange() {
        assertThatThrownBy(() -> bind(Map.of("replay.archive.page-size", "0")))
                .rootCause()
                .isInstanceOf(BindValidationException.class)
                .satisfies(e -> assertThat(PropertyViolations.describe((BindValidationException) e))
                        .isEqualTo("replay.archive.page-size must be positive, was 0"));
    }

    @Test
    @DisplayName("Issue 15: bucket-files defaults to 8 and takes a power of two up to 64")
    void bucketFiles() {
        assertThat(bind(Map.of()).settings().bucketFiles()).isEqualTo(8);
        assertThat(bind(Map.of("replay.archive.bucket-files", "1")).settings().bucketFiles()).isEqualTo(1);
        assertThat(bind(Map.of("replay.archive.bucket-files", "64")).settings().bucketFiles()).isEqualTo(64);
    }

    @Test
    @DisplayName("Issue 15: a bucket-files that is not a power of two up to 64 fails naming the property, the choices and the value")
    void bucketFilesOutOfRange() {
        for (String value : new String[] {"0", "3", "128"}) {
            assertThatThrownBy(() -> bind(Map.of("replay.archive.bucket-files", value)))
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("replay.archive.bucket-files must be one of 1, 2, 4, 8, 16, 32, 64, was " + value);
        }
    }
}
