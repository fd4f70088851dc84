package dev.replay.config.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** Which addresses count as loopback only; nothing binds here. */
class ListenAddressesTest {

    private static StandardEnvironment environment(String... pairs) {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            properties.put(pairs[i], pairs[i + 1]);
        }
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "0.0.0.0", "::", "[::]"})
    @DisplayName("Issue 12 defect 7: an empty or wildcard server.address is not loopback")
    void emptyAndWildcardAddressesAreExposed(String address) {
        // given / when
        Optional<ListenAddresses.Listen> exposed = ListenAddresses.exposed(environment("server.address", address));

        // then
        assertThat(exposed).map(ListenAddresses.Listen::property).contains("server.address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "[::1]", "localhost"})
    void loopbackAddressesAreNotExposed(String address) {
        assertThat(ListenAddresses.exposed(environment("server.address", address))).isEmpty();
    }

    @Test
    void anUnsetServerAddressListensEverywhere() {
        assertThat(ListenAddresses.exposed(environment())).map(ListenAddresses.Listen::described)
                .contains("server.address (unset: every network interface)");
    }

    @Test
    @DisplayName("Issue 12 defect 7: a management server of its own on an empty address is not loopback")
    void aSeparateManagementServerFollowsTheSameRule() {
        assertThat(ListenAddresses.exposed(environment("server.address", "127.0.0.1", "management.server.port", "9091",
                "management.server.address", ""))).map(ListenAddresses.Listen::described)
                .contains("management.server.address= (empty: every network interface)");
        assertThat(ListenAddresses.exposed(environment("server.address", "127.0.0.1", "management.server.port", "9091")))
                .map(ListenAddresses.Listen::property).contains("management.server.address");
        assertThat(ListenAddresses.exposed(environment("server.address", "127.0.0.1", "management.server.port", "9091",
                "management.server.address", "127.0.0.1"))).isEmpty();
    }

    @Test
    void theManagementAddressDoesNotMatterOnTheSamePort() {
        // no port of its own: the actuator is served by the main server, on server.address
        assertThat(ListenAddresses.exposed(environment("server.address", "127.0.0.1",
                "management.server.address", "0.0.0.0"))).isEmpty();
    }
}
