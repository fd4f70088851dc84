package dev.replay.config.embedded;

import dev.replay.config.InvalidConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The platforms the embedded default runs on: those the runnable jar carries zonky's PostgreSQL
 * binaries for, Linux (glibc) x86-64 and arm64, macOS Intel and Apple silicon. A pure function of
 * {@code os.name}, {@code os.arch} and whether the C library is musl (Alpine: zonky's Linux
 * binaries are built for glibc and do not start there). Elsewhere the embedded default refuses to
 * start, naming the platform and how to use a PostgreSQL of one's own.
 */
public record EmbeddedPlatform(String osName, String osArch, boolean musl) {

    /** The musl dynamic loaders; their presence marks a musl system such as Alpine. */
    private static final Path[] MUSL_LOADERS = {Path.of("/lib/ld-musl-x86_64.so.1"), Path.of("/lib/ld-musl-aarch64.so.1")};

    /** This JVM's platform. */
    public static EmbeddedPlatform current() {
        return new EmbeddedPlatform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
                Stream.of(MUSL_LOADERS).anyMatch(Files::exists));
    }

    /** The binaries of this platform ("linux-amd64", "darwin-arm64v8", ...), empty when the jar carries none. */
    public Optional<String> binaries() {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64v8";
            default -> null;
        };
        if (arch == null) {
            return Optional.empty();
        }
        if (os.equals("linux") && !musl) {
            return Optional.of("linux-" + arch);
        }
        if (os.startsWith("mac os x") || os.equals("darwin")) {
            return Optional.of("darwin-" + arch);
        }
        return Optional.empty();
    }

    /**
     * @throws InvalidConfigurationException (exit 2) when the jar carries no binaries for this platform,
     *         naming it and how to point replay at an external PostgreSQL
     */
    public void requireSupported() {
        if (binaries().isEmpty()) {
            throw new InvalidConfigurationException("The embedded PostgreSQL does not run on this platform (os.name="
                    + osName + ", os.arch=" + osArch + (musl ? ", musl libc" : "") + "): it runs on Linux (glibc)"
                    + " x86-64 and arm64 and on macOS (Intel and Apple silicon). Use a PostgreSQL of your own:"
                    + " --spring.datasource.url=jdbc:postgresql://<host>:5432/<database>"
                    + " --spring.datasource.username=<user> --spring.datasource.password=<password>");
        }
    }
}
