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
}
