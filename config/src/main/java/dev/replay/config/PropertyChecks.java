package dev.replay.config;

import org.springframework.util.unit.DataSize;

/**
 * The range checks of bound properties that Bean Validation cannot express (it has no constraint for a
 * {@link DataSize}), failing with a message that names the property and its value
 * ({@code "replay.archive.segment-max-bytes must be positive, was 0B"}): bad configuration, exit status 2.
 * Numbers are checked by the constraints on the {@code @Validated} properties records instead.
 */
final class PropertyChecks {

    private PropertyChecks() {
    }

    static void positive(String property, DataSize value) {
        if (value != null && value.toBytes() < 1) {
            throw new InvalidConfigurationException(property + " must be positive, was " + value);
        }
    }
}
