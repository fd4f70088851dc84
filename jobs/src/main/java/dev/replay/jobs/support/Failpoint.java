package dev.replay.jobs.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named points where a crash test can freeze a job, so that it is killed (SIGKILL, from outside)
 * at exactly that point. With system property {@code replay.failpoint=<name>} (or
 * {@code <name>:<n>} for the n-th time the point is reached), reaching it prints
 * {@code FAILPOINT <name>} on stdout and blocks until the process is killed. With
 * {@code replay.failpoint.pause-ms=<millis>} as well it pauses that long instead and then goes on,
 * and with {@code replay.failpoint.resume=<file>} it goes on once that file exists, so that a test
 * can take a database or an object store away at exactly that point (the open transaction or
 * request then meets the outage). Without the property it costs one property lookup. For crash
 * and outage tests only; never set it in production.
 */
public final class Failpoint {

    private static final String PROPERTY = "replay.failpoint";
    private static final String PAUSE_PROPERTY = "replay.failpoint.pause-ms";
    private static final ConcurrentHashMap<String, AtomicInteger> HITS = new ConcurrentHashMap<>();

    private Failpoint() {
    }

    public static void reach(String name) {
        String wanted = System.getProperty(PROPERTY);
        if (wanted == null || !wanted.startsWith(name)) {
            return;
        }
        int colon = wanted.indexOf(':');
        int nth = colon < 0 ? 1 : Integer.parseInt(wanted.substring(colon + 1));
        if (!(colon < 0 ? wanted : wanted.substring(0, colon)).equals(name)
                || HITS.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet() != nth) {
            return;
        }
        System.out.println("FAILPOINT " + name);
        System.out.flush();
        String resume = System.getProperty(PROPERTY + ".resume");
        try {
            if (resume == null) {
                // until the test kills this process, or as long as the test asked to pause
                TimeUnit.MILLISECONDS.sleep(Long.getLong(PAUSE_PROPERTY, TimeUnit.HOURS.toMillis(1)));
            }
            for (long deadline = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
                 resume != null && !Files.exists(Path.of(resume)) && System.nanoTime() < deadline; ) {
                TimeUnit.MILLISECONDS.sleep(50); // until the test lets it go on
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
