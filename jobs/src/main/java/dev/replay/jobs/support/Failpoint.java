package dev.replay.jobs.support;

import java.util.concurrent.TimeUnit;

/**
 * Named points where a crash test can freeze a job, so that it is killed (SIGKILL, from outside)
 * at exactly that point: with system property {@code replay.failpoint=<name>}, reaching the point
 * prints {@code FAILPOINT <name>} on stdout and blocks. Without the property it costs one
 * property lookup. Crash tests only; never set it in production.
 */
public final class Failpoint {

    private static final String PROPERTY = "replay.failpoint";

    private Failpoint() {
    }

    public static void reach(String name) {
        if (!name.equals(System.getProperty(PROPERTY))) {
            return;
        }
        System.out.println("FAILPOINT " + name);
        System.out.flush();
        try {
            TimeUnit.HOURS.sleep(1); // until the test kills this process
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
