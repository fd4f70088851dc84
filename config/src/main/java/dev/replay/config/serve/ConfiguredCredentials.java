package dev.replay.config.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * HTTP basic against {@code replay.serve.username}/{@code password}: the username compared in constant
 * time, the password as {@link ConfiguredPassword} says (a {@code {bcrypt}} hash or the password itself).
 * With no username configured it accepts nobody. Thread-safe.
 */
class ConfiguredCredentials implements AuthenticationProvider {

    static final List<SimpleGrantedAuthority> OPERATOR = List.of(new SimpleGrantedAuthority("ROLE_OPERATOR"));

    private final String username;
    private final ConfiguredPassword password;

    ConfiguredCredentials(String username, String password) {
        this.username = username;
        this.password = new ConfiguredPassword(password);
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String name = authentication.getName();
        Object credentials = authentication.getCredentials();
        // both checked whatever the first says, so a wrong username takes as long as a wrong password
        if (username == null || !equal(username, name) | !password.matches(credentials == null ? null : credentials.toString())) {
            throw new BadCredentialsException("Bad credentials");
        }
        return UsernamePasswordAuthenticationToken.authenticated(name, null, OPERATOR);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    static boolean equal(String expected, String given) {
        return expected != null && given != null
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
