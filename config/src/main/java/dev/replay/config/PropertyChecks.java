package dev.replay.config;

/**
 * Range checks of bound properties, failing with a message that names the property and its value
 * ({@code "replay.rebuild.chunk-size must be positive, was 0"}): bad configuration, exit status 2.
 */
final class PropertyChecks {

    private PropertyChecks() {
    }

    static void positive(String property, long value) {
        if (value < 1) {
            throw new InvalidConfigurationException(property + " must be positive, was " + value);
        }
    }

    static void notNegative(String property, long value) {
        if (value < 0) {
            throw new InvalidConfigurationException(property + " must not be negative, was " + value);
        }
    }
}
