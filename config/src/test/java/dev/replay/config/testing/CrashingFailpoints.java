package dev.replay.config.testing;

import dev.replay.jobs.support.Failpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The crash tests' {@link Failpoints}: freezes a job at a named point so that it is killed
 * (SIGKILL, from outside) at exactly that point. With system property
 * {@code replay.failpoint=<name>} (or {@code <name>:<n>} for the n-th time the point is reached),
 * reaching it prints {@code FAILPOINT <name>} on stdout and blocks until the process is killed.
 * With {@code replay.failpoint.pause-ms=<millis>} as well it pauses that long instead and then
 * goes on, and with {@code replay.failpoint.resume=<file>} it goes on once that file exists, so
 * that a test can take a database or an object store away at exactly that point (the open
 * transaction or request then meets the outage). Without the property it costs one property lookup.
 *
 * <p>Test code only: bound through {@code META-INF/services}, on the test class path and in
 * {@code target/replay-failpoints.jar}, which {@code ReplayProcess} puts on the class path of an
 * armed process. The runnable jar holds neither. Thread-safe.
 */
public final class CrashingFailpoints implements Failpoints {

    static final String PROPERTY = "replay.failpoint";
    private static final String PAUSE_PROPERTY = PROPERTY + ".pause-ms";
    private static final String RESUME_PROPERTY = PROPERTY + ".resume";

    private final ConcurrentHashMap<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    @Override
    public void reach(String name) {
        String wanted = System.getProperty(PROPERTY);
        if (wanted == null || !wanted.startsWith(name)) {
            return;
        }
        int colon = wanted.indexOf(':');
        int nth = colon < 0 ? 1 : Integer.parseInt(wanted.substring(colon + 1));
        if (!(colon < 0 ? wanted : wanted.substring(0, colon)).equals(name)
                || hits.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet() != nth) {
            return;
        }
        System.out.println("FAILPOINT " + name);
        System.out.flush();
        try {
            hold(System.getProperty(RESUME_PROPERTY));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void hold(String resume) throws InterruptedException {
        if (resume == null) {
            // until the test kills this process, or as long as the test asked to pause
            TimeUnit.MILLISECONDS.sleep(Long.getLong(PAUSE_PROPERTY, TimeUnit.HOURS.toMillis(1)));
        }
        for (long deadline = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
             resume != null && !Files.exists(Path.of(resume)) && System.nanoTime() < deadline; ) {
            TimeUnit.MILLISECONDS.sleep(50); // until the test lets it go on
        }
    }
}
