package dev.replay.config.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.config.InvalidConfigurationException;
import dev.replay.config.cli.CliRunner;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Issue 16: {bcrypt}-encoded passwords accepted for replay.serve.password")
class ConfiguredPasswordTest {

    /** {@code htpasswd -nbBC 10 ops 'correct horse battery'} (Apache's htpasswd writes {@code $2y$}). */
    static final String HTPASSWD_HASH = "$2y$10$itinpcAzcS6idSziCkYOj.VcAE2qQudqOdHsEN8Gg8/7PZ0ZuwAsi";

    @Test
    @DisplayName("Issue 16: an htpasswd $2y$ hash under {bcrypt} matches its password and nothing else")
    void htpasswdHashMatchesItsPassword() {
        ConfiguredPassword password = new ConfiguredPassword("{bcrypt}" + HTPASSWD_HASH);

        assertThat(password.matches("correct horse battery")).isTrue();
        assertThat(password.matches("correct horse batter")).isFalse();
        assertThat(password.matches("{bcrypt}" + HTPASSWD_HASH)).isFalse();
        assertThat(password.matches(null)).isFalse();
    }

    @Test
    @DisplayName("Issue 16: a plain password keeps working as before, braces included")
    void plainPasswordIsComparedAsIs() {
        assertThat(new ConfiguredPassword("correct-horse").matches("correct-horse")).isTrue();
        assertThat(new ConfiguredPassword("correct-horse").matches("correct-hors")).isFalse();
        assertThat(new ConfiguredPassword("{weird}pw").matches("{weird}pw")).isTrue();
        assertThat(new ConfiguredPassword(null).matches("anything")).isFalse();
    }

    @Test
    @DisplayName("Issue 16: a {bcrypt} value that is no BCrypt hash fails the start without showing the value")
    void malformedHashFailsTheStart() {
        assertThatThrownBy(() -> new ConfiguredPassword("{bcrypt}S3CRET"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("replay.serve.password starts with {bcrypt} but is no BCrypt hash")
                .hasMessageNotContaining("S3CRET");
    }

    @Test
    @DisplayName("Issue 16: hash-password prints a {bcrypt} hash of the password on stdin that serve accepts")
    void hashPasswordCommandPrintsAUsableHash() {
        java.io.InputStream stdin = System.in;
        System.setIn(new ByteArrayInputStream("s3cret pass\n".getBytes(StandardCharsets.UTF_8)));
        CliRunner.Result run;
        try {
            run = CliRunner.run("hash-password");
        } finally {
            System.setIn(stdin);
        }

        assertThat(run.status()).as(run.err()).isZero();
        String hash = run.out().strip();
        assertThat(hash).startsWith("{bcrypt}$2a$10$").hasSize("{bcrypt}".length() + 60);
        assertThat(new ConfiguredPassword(hash).matches("s3cret pass")).isTrue();
        assertThat(new ConfiguredPassword(hash).matches("s3cret")).isFalse();
    }
}
