package dev.replay.config.serve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @ParameterizedTest
    @ValueSource(strings = {"spring.datasource.password", "replay.serve.token", "replay.archive.s3a.secret-key",
        "replay.archive.s3a.access-key", "fs.s3a.encryption.key", "replay.archive.s3a.properties[fs.s3a.encryption.key]",
        "REPLAY_ARCHIVE_S3A_SECRET_KEY", "SPRING_APPLICATION_JSON", "spring.application.json", "acme.client-credentials",
        "secretKey", "acme.api-keys"})
    void secretKeys(String key) {
        assertThat(Secrets.isSecretKey(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"spring.datasource.url", "replay.serve.username", "server.address", "projection", "sun.java.command",
        "replay.hot.columns.version"})
    void plainKeys(String key) {
        assertThat(Secrets.isSecretKey(key)).isFalse();
    }

    @Test
    void commandLineLosesTheValuesOfSecretOptionsOnly() {
        String command = "/opt/replay.jar serve --server.port=0 --spring.datasource.password=pw1"
                + " --replay.archive.s3a.secret-key=sk2 --replay.archive.s3a.properties[fs.s3a.encryption.key]=ek3"
                + " --acme.token=two words --spring.datasource.url=jdbc:postgresql://u:pw4@127.0.0.1/db";

        String masked = Secrets.maskCommandLine(command);

        assertThat(masked).doesNotContain("pw1").doesNotContain("sk2").doesNotContain("ek3").doesNotContain("words")
                .doesNotContain("pw4")
                .startsWith("/opt/replay.jar serve --server.port=0 --spring.datasource.password=******")
                .contains("--replay.archive.s3a.properties[fs.s3a.encryption.key]=******")
                .contains("--acme.token=****** --spring.datasource.url=jdbc:postgresql://******@127.0.0.1/db");
    }

    @Test
    void textLosesSecretPairsAndJsonMembers() {
        assertThat(Secrets.mask("{\"replay\":{\"serve\":{\"password\":\"p\\\"w1\",\"username\":\"ops\"},\"key\":42}}"))
                .isEqualTo("{\"replay\":{\"serve\":{\"password\":\"******\",\"username\":\"ops\"},\"key\":\"******\"}}");
        assertThat(Secrets.mask("-Dfs.s3a.encryption.key=ek3 -Xmx1g")).isEqualTo("-Dfs.s3a.encryption.key=****** -Xmx1g");
    }
}
