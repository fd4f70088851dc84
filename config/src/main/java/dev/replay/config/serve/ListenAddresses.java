package dev.replay.config.serve;

import dev.replay.config.InvalidConfigurationException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.core.env.Environment;

/**
 * The addresses {@code serve} will listen on, read from the environment before any server binds:
 * {@code server.address}, and {@code management.server.address} when the actuator has a port of
 * its own ({@code management.server.port}). An address is loopback only when it is set, not blank,
 * and every address its name resolves to is a loopback address: Spring Boot binds an unset or empty
 * address to every network interface, as it does the wildcards {@code 0.0.0.0} and {@code ::}.
 * ({@code InetAddress.getByName("")} answers the loopback address, which is why an empty value is
 * never resolved here.) Stateless.
 */
final class ListenAddresses {

    /** One listening server: the property that sets its address and that property's value (null: unset). */
    record Listen(String property, String value) {

        boolean loopback() {
            if (value == null || value.isBlank()) {
                return false; // Boot listens on every interface
            }
            String host = value.strip();
            host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            try {
                return Arrays.stream(InetAddress.getAllByName(host)).allMatch(InetAddress::isLoopbackAddress);
            } catch (UnknownHostException e) {
                throw new InvalidConfigurationException(property + "=" + value + " is not a known host or address", e);
            }
        }

        /** {@code property=value}, saying what an unset or empty value means. */
        String described() {
            if (value == null) {
                return property + " (unset: every network interface)";
            }
            return property + "=" + value + (value.isBlank() ? " (empty: every network interface)" : "");
        }
    }

    private ListenAddresses() {
    }

    static List<Listen> of(Environment environment) {
        List<Listen> listens = new ArrayList<>();
        listens.add(new Listen("server.address", environment.getProperty("server.address")));
        if (ManagementPortType.get(environment) == ManagementPortType.DIFFERENT) {
            listens.add(new Listen("management.server.address", environment.getProperty("management.server.address")));
        }
        return listens;
    }

    /** The first address that is not loopback only, if any. */
    static Optional<Listen> exposed(Environment environment) {
        return of(environment).stream().filter(listen -> !listen.loopback()).findFirst();
    }
}
