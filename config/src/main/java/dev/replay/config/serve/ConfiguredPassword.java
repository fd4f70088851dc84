package dev.replay.config.serve;

import dev.replay.config.InvalidConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * {@code replay.serve.password} as configured: a hash in Spring Security's {@code {id}hash} form,
 * e.g. {@code {bcrypt}$2y$10$...} (htpasswd's {@code $2y$}, and {@code $2a$}/{@code $2b$}), checked by
 * Spring Security's {@link DelegatingPasswordEncoder}; or, as before, the password itself, compared in
 * constant time. A {@code {bcrypt}} value that is no BCrypt hash fails the start (it could never match);
 * the message never shows the value. Thread-safe.
 */
final class ConfiguredPassword {

    static final String BCRYPT = "{bcrypt}";
    private static final Pattern BCRYPT_HASH = Pattern.compile("\\$2[aby]\\$\\d\\d\\$[./0-9A-Za-z]{53}");

    private final String configured;
    private final PasswordEncoder encoder;

    ConfiguredPassword(String configured) {
        if (configured != null && configured.startsWith(BCRYPT)
                && !BCRYPT_HASH.matcher(configured.substring(BCRYPT.length())).matches()) {
            throw new InvalidConfigurationException("replay.serve.password starts with {bcrypt} but is no BCrypt hash"
                    + " ({bcrypt} then $2a$, $2b$ or $2y$, the cost and 53 characters; see 'replay hash-password')");
        }
        this.configured = configured;
        DelegatingPasswordEncoder delegating =
                (DelegatingPasswordEncoder) PasswordEncoderFactories.createDelegatingPasswordEncoder();
        delegating.setDefaultPasswordEncoderForMatches(new PlainText()); // no {id}: the password itself
        this.encoder = delegating;
    }

    boolean matches(String given) {
        return configured != null && given != null && encoder.matches(given, configured);
    }

    /** The password itself, compared in constant time; never used to encode. */
    private static final class PlainText implements PasswordEncoder {

        @Override
        public String encode(CharSequence rawPassword) {
            throw new UnsupportedOperationException("a plain password is only compared");
        }

        @Override
        public boolean matches(CharSequence given, String expected) {
            return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                    given.toString().getBytes(StandardCharsets.UTF_8));
        }
    }
}
