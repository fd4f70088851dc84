package dev.replay.config;

import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Says what Bean Validation refused in bound properties, one clause per property, each naming the
 * property as it is written in configuration and the value it had:
 * {@code "replay.rebuild.chunk-size must be positive, was 0"}. The constraints on the
 * {@code @Validated} properties records carry these messages ({@code "must be positive"}), so the
 * line reads the same whatever the JVM's locale. Stateless.
 */
public final class PropertyViolations {

    private PropertyViolations() {
    }

    /** One line for all the violations of one bound object, sorted by property. */
    public static String describe(BindValidationException exception) {
        ValidationErrors errors = exception.getValidationErrors();
        Set<String> clauses = new TreeSet<>(); // sorted: Bean Validation reports in no fixed order
        for (ObjectError error : errors.getAllErrors()) {
            clauses.add(error instanceof FieldError field
                    ? errors.getName() + "." + DataObjectPropertyName.toDashedForm(field.getField()) + " "
                            + field.getDefaultMessage() + ", was " + field.getRejectedValue()
                    : errors.getName() + " " + error.getDefaultMessage());
        }
        return String.join("; ", clauses);
    }
}
