package dev.replay.config.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.config.InvalidConfigurationException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmbeddedPlatformTest {

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource({
        "Linux, amd64, linux-amd64",
        "Linux, x86_64, linux-amd64",
        "Linux, aarch64, linux-arm64v8",
        "Mac OS X, x86_64, darwin-amd64",
        "Mac OS X, aarch64, darwin-arm64v8",
    })
    @DisplayName("Issue 16: the embedded default runs on Linux x86-64 and arm64 and on macOS Intel and Apple silicon")
    void supportedPlatformsHaveBinaries(String osName, String osArch, String binaries) {
        // given
        EmbeddedPlatform platform = new EmbeddedPlatform(osName, osArch, false);

        // then
        assertThat(platform.binaries()).contains(binaries);
        assertThatCode(platform::requireSupported).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "Windows 11, amd64",
        "Linux, ppc64le",
        "Linux, s390x",
        "Linux, arm",
        "FreeBSD, amd64",
        "SunOS, sparcv9",
    })
    @DisplayName("Issue 16: elsewhere the embedded default refuses to start, naming the platform and an external PostgreSQL")
    void otherPlatformsAreRefusedNamingThePlatform(String osName, String osArch) {
        // given
        EmbeddedPlatform platform = new EmbeddedPlatform(osName, osArch, false);

        // then
        assertThat(platform.binaries()).isEmpty();
        assertThatThrownBy(platform::requireSupported).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("(os.name=" + osName + ", os.arch=" + osArch + ")")
                .hasMessageContaining("--spring.datasource.url=jdbc:postgresql://");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"amd64", "aarch64"})
    @DisplayName("Issue 16: a musl Linux (Alpine) is refused: the jar's Linux binaries are built for glibc")
    void muslLinuxIsRefused(String osArch) {
        // given
        EmbeddedPlatform platform = new EmbeddedPlatform("Linux", osArch, true);

        // then
        assertThat(platform.binaries()).isEmpty();
        assertThatThrownBy(platform::requireSupported).hasMessageContaining("os.arch=" + osArch + ", musl libc");
    }
}
