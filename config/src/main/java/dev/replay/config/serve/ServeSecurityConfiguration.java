package dev.replay.config.serve;

import dev.replay.config.InvalidConfigurationException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Who may use {@code serve}. It binds 127.0.0.1 by default, where no credentials are needed.
 * Bound to any other address (an empty or unset one and the wildcards listen on every interface)
 * it refuses to start unless credentials are configured ({@code replay.serve.username}/{@code
 * password} for HTTP basic, or {@code replay.serve.token} for {@code Authorization: Bearer}); so
 * does a separate management server ({@code management.server.port}) whose
 * {@code management.server.address} is not loopback (see {@link ListenAddresses}). With
 * credentials configured, on any address and on the management port too (Boot registers this
 * filter chain in the management server's context), everything but {@code /actuator/health}
 * requires them: the dashboard, the API (reading and launching) and the other actuator endpoints.
 *
 * <p>No sessions and no CSRF tokens: every request carries its credentials. A browser sends basic
 * credentials to other sites' requests too, so every state-changing endpoint only accepts
 * {@code application/json}, which a cross-site form cannot send and a cross-site script may
 * send only after a CORS preflight that this server does not answer.
 */
@Configuration(proxyBeanMethods = false)
@Profile("serve")
class ServeSecurityConfiguration {

    @Bean
    SecurityFilterChain serveSecurity(HttpSecurity http, ServeProperties serve, Environment environment) throws Exception {
        if (!serve.secured()) { // before any server binds: the web servers start after the beans exist
            ListenAddresses.exposed(environment).ifPresent(listen -> {
                throw new InvalidConfigurationException(listen.described() + " is not a loopback address, and no"
                        + " credentials are configured: set replay.serve.username and replay.serve.password (or"
                        + " replay.serve.token), or set " + listen.property() + "=127.0.0.1");
            });
        }
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable());
        if (!serve.secured()) {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
        }
        return http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.realmName("replay"))
                .addFilterBefore(new BearerTokenFilter(serve.token()), BasicAuthenticationFilter.class)
                .build();
    }

    /** Checks the configured credentials; rejects everything when only a token (or nothing) is configured. */
    @Bean
    ConfiguredCredentials configuredCredentials(ServeProperties serve) {
        return new ConfiguredCredentials(serve.basic() ? serve.username() : null, serve.basic() ? serve.password() : null);
    }
}
