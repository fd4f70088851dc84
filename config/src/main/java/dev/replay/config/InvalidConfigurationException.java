package dev.replay.config;

/**
 * The configuration cannot work, said in a message that names the property or object at fault;
 * the command line reports it as bad configuration (exit status 2), without a stack trace.
 */
public class InvalidConfigurationException extends IllegalArgumentException {

    public InvalidConfigurationException(String message) {
        super(message);
    }

    public InvalidConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
