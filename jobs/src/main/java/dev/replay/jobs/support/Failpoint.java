package dev.replay.jobs.support;

import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * Named points in the jobs where a crash test can freeze a job and kill it. {@link #reach(String)}
 * hands the name to the {@link Failpoints} binding of this process: the first implementation that
 * {@link ServiceLoader} finds beside this class, else {@link Failpoints#NONE}. The runnable jar
 * ships no implementation, so in production reaching a failpoint does nothing, whatever system
 * properties are set; the tests put theirs on the class path of the processes they start.
 */
public final class Failpoint {

    private Failpoint() {
    }

    public static void reach(String name) {
        Binding.FAILPOINTS.reach(name);
    }

    /** The binding of this process, looked up once, on the first failpoint reached. */
    static Failpoints binding() {
        return Binding.FAILPOINTS;
    }

    /** The first implementation {@code classLoader} lists, else {@link Failpoints#NONE}. */
    static Failpoints load(ClassLoader classLoader) {
        Iterator<Failpoints> found = ServiceLoader.load(Failpoints.class, classLoader).iterator();
        return found.hasNext() ? found.next() : Failpoints.NONE;
    }

    private static final class Binding {

        // the class loader that loaded the jobs, not the thread's: job threads may run with another
        static final Failpoints FAILPOINTS = load(Failpoints.class.getClassLoader());
    }
}
