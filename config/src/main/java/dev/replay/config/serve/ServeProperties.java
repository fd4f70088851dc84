package dev.replay.config.serve;

import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of {@code serve} under {@code replay.serve.*}. The address and port are Spring Boot's
 * {@code server.address} (default 127.0.0.1 for serve) and {@code server.port} (default 8080).
 *
 * @param username    with {@code password}: HTTP basic credentials required by the API, the dashboard and launches
 * @param password    see {@code username}; never logged or shown
 * @param token       a bearer token ({@code Authorization: Bearer <token>}) accepted as well; never logged or shown
 * @param launchWait  how long a launch request waits for its execution to exist before answering "pending"
 * @param launchThreads launches (REST) that may run at once in this process
 */
@Validated
@ConfigurationProperties("replay.serve")
public record ServeProperties(String username, String password, String token, Duration launchWait,
                              @Positive(message = "must be positive") Integer launchThreads) {

    public ServeProperties {
        launchWait = launchWait == null ? Duration.ofSeconds(10) : launchWait;
        launchThreads = launchThreads == null ? 4 : launchThreads;
        if (blank(username) != blank(password)) {
            throw new IllegalArgumentException("replay.serve.username and replay.serve.password go together; only "
                    + (blank(username) ? "password" : "username") + " is set");
        }
    }

    /** True when credentials are configured, so requests must authenticate. */
    public boolean secured() {
        return !blank(username) || !blank(token);
    }

    boolean basic() {
        return !blank(username);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return "ServeProperties[username=" + username + ", password=****, token=****, launchWait=" + launchWait
                + ", launchThreads=" + launchThreads + "]";
    }
}
