package dev.replay.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3aSettingsTest {

    @TempDir
    Path dir;

    @Test
    void configuresS3aForALocalServer() {
        // given
        S3aSettings settings = S3aSettings.local("http://127.0.0.1:9000", "access", "s3cr3t")
                .withProperties(Map.of("fs.s3a.multipart.size", "16M"));

        // when
        Configuration conf = new ArchiveFileSystems(ArchiveLayout.of("s3a://bucket/p"), settings, dir.resolve("tmp"))
                .configuration();

        // then
        assertThat(conf.get("fs.s3a.endpoint")).isEqualTo("http://127.0.0.1:9000");
        assertThat(conf.get("fs.s3a.endpoint.region")).isEqualTo("us-east-1");
        assertThat(conf.getBoolean("fs.s3a.path.style.access", false)).isTrue();
        assertThat(conf.getBoolean("fs.s3a.connection.ssl.enabled", true)).isFalse();
        assertThat(conf.get("fs.s3a.aws.credentials.provider")).isEqualTo(S3aSettings.SIMPLE_CREDENTIALS);
        assertThat(conf.get("fs.s3a.secret.key")).isEqualTo("s3cr3t");
        assertThat(conf.get("fs.s3a.multipart.size")).isEqualTo("16M");
        assertThat(conf.get("hadoop.tmp.dir")).isEqualTo(dir.resolve("tmp").toAbsolutePath().toString());
    }

    @Test
    void neverShowsTheSecretKey() {
        S3aSettings settings = S3aSettings.local("http://127.0.0.1:9000", "access", "s3cr3t")
                .withProperties(Map.of("fs.s3a.session.token", "t0k3n"));

        assertThat(settings.toString()).contains("access").doesNotContain("s3cr3t").doesNotContain("t0k3n");
    }

    @Test
    void refusesASecretWithoutAccessKeyWithoutShowingIt() {
        assertThatThrownBy(() -> new S3aSettings(null, null, true, false, null, null, "s3cr3t", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("together")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void requiresSettingsForAnS3aBase() {
        assertThatThrownBy(() -> new ArchiveFileSystems(ArchiveLayout.of("s3a://bucket/p"), null, dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s3a://bucket/p");
    }
}
