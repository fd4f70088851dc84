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
 * {@code FAILPOINT <name>} on stdout and blocks until the process is killed, or, with system property
 * {@code replay.failpoint.resume=<file>}, until that file exists (a fault test changes the world,
 * e.g. stops the database, then lets the job go on). Without the property it costs one property
 * lookup. For crash tests only; never set it in production.
 */
public final class Failpoint {

    private static final String PROPERTY = "replay.failpoint";
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
                TimeUnit.HOURS.sleep(1); // until the test kills this process
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
