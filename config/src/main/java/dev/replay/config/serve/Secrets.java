package dev.replay.config.serve;

import java.util.regex.Pattern;

/**
 * Masks what may be a secret before it is shown (dashboard, API, actuator): values of keys that
 * name a password, secret, token, credential or key, user info in URLs and
 * {@code password=...}-style pairs in text. Stateless.
 */
final class Secrets {

    static final String MASK = "******";

    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passwd|secret|token|credential|credentials|"
            + "private[._-]?key|access[._-]?key|secret[._-]?key|api[._-]?key|auth)$");
    private static final Pattern USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s]+@");
    private static final Pattern PAIR = Pattern.compile("(?i)(password|secret|token)=[^&\\s]*");

    private Secrets() {
    }

    static boolean isSecretKey(String key) {
        return key != null && SECRET_KEY.matcher(key).matches();
    }

    /** The value, or the mask when the key names a secret; URLs lose their user info either way. */
    static String mask(String key, String value) {
        return value == null ? null : isSecretKey(key) ? MASK : mask(value);
    }

    /** The text without URL user info or {@code password=...} values. */
    static String mask(String text) {
        return text == null ? null : PAIR.matcher(USER_INFO.matcher(text).replaceAll("$1" + MASK + "@")).replaceAll("$1=" + MASK);
    }
}
