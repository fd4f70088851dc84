package dev.replay.config.serve;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks what may be a secret before it is shown (dashboard, API, actuator). A key is secret when
 * one of its words (split at {@code . _ - [ ]}) names a password, secret, token, credential or key
 * ({@code fs.s3a.encryption.key}, {@code replay.archive.s3a.properties[fs.s3a.encryption.key]},
 * {@code REPLAY_SERVE_PASSWORD}, {@code secretKey}); {@code spring.application.json} is masked
 * whole, since its JSON may carry any of them. In text, URL user info, {@code name=value} pairs and
 * JSON members under a secret name lose their values; a command line ({@code sun.java.command})
 * loses the values of its secret options. Masking errs on the side of hiding. Stateless.
 */
final class Secrets {

    static final String MASK = "******";

    private static final Set<String> WHOLE = Set.of("spring.application.json", "spring_application_json");
    private static final Pattern WORD_SEPARATOR = Pattern.compile("[._\\-\\[\\]\\s/]+");
    private static final Pattern USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s]+@");
    private static final Pattern PAIR = Pattern.compile("([A-Za-z0-9_.\\-\\[\\]]+)=([^\\s&;,\"']*)");
    private static final Pattern JSON_MEMBER = Pattern.compile("\"([^\"]+)\"(\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|[^,{}\\[\\]\\s\"]+)");
    private static final Pattern OPTION = Pattern.compile("(--?[A-Za-z0-9_.\\-\\[\\]]+)=.*", Pattern.DOTALL);

    private Secrets() {
    }

    static boolean isSecretKey(String key) {
        if (key == null) {
            return false;
        }
        String lower = key.toLowerCase(Locale.ROOT);
        return WHOLE.contains(lower) || Arrays.stream(WORD_SEPARATOR.split(lower)).anyMatch(Secrets::secretWord);
    }

    private static boolean secretWord(String word) {
        return word.contains("password") || word.contains("passwd") || word.contains("secret") || word.contains("token")
                || word.contains("credential") || word.endsWith("key") || word.endsWith("keys") || word.endsWith("auth")
                || word.equals("authorization") || word.equals("pwd");
    }

    /** The value, or the mask when the key names a secret; URLs lose their user info either way. */
    static String mask(String key, String value) {
        return value == null ? null : isSecretKey(key) ? MASK : mask(value);
    }

    /** The text without URL user info, nor the values of {@code name=value} pairs and JSON members under secret names. */
    static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = USER_INFO.matcher(text).replaceAll("$1" + MASK + "@");
        masked = PAIR.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(
                isSecretKey(m.group(1)) ? m.group(1) + "=" + MASK : m.group()));
        return JSON_MEMBER.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(
                isSecretKey(m.group(1)) ? "\"" + m.group(1) + "\"" + m.group(2) + "\"" + MASK + "\"" : m.group()));
    }

    /**
     * A command line ({@code sun.java.command}) with the value of every secret option masked. The
     * JVM joins the arguments with spaces, so a value that held spaces spans several words: the
     * words after a secret option are dropped up to the next option.
     */
    static String maskCommandLine(String command) {
        if (command == null) {
            return null;
        }
        StringBuilder masked = new StringBuilder();
        boolean inSecret = false;
        for (String word : command.split(" ")) {
            inSecret = inSecret && !word.startsWith("-");
            if (inSecret) {
                continue;
            }
            Matcher option = OPTION.matcher(word);
            inSecret = option.matches() && isSecretKey(option.group(1));
            masked.append(masked.isEmpty() ? "" : " ").append(inSecret ? option.group(1) + "=" + MASK : word);
        }
        return mask(masked.toString());
    }
}
