package dev.replay.jobs.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailpointBindingTest {

    /** A binding a test lists in a service file of its own. */
    public static final class RecordingFailpoints implements Failpoints {

        final List<String> reached = new CopyOnWriteArrayList<>();

        @Override
        public void reach(String name) {
            reached.add(name);
        }
    }

    @TempDir
    Path dir;

    @AfterEach
    void disarm() {
        System.clearProperty("replay.failpoint");
    }

    @Test
    @DisplayName("Issue 13: without a Failpoints implementation on the class path, the binding is the no-op")
    void theProductionBindingIsTheNoOp() {
        // given: the jobs' own class path, as in the runnable jar

        // when
        Failpoints binding = Failpoint.binding();

        // then
        assertThat(binding).isSameAs(Failpoints.NONE);
    }

    @Test
    @DisplayName("Issue 13: a failpoint armed by the system property does not hold a job without the tests' binding")
    void anArmedFailpointDoesNotHold() {
        // given
        System.setProperty("replay.failpoint", "test.here");

        // when
        long start = System.nanoTime();
        Failpoint.reach("test.here");

        // then
        assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(1).toNanos());
    }

    @Test
    @DisplayName("Issue 13: a Failpoints implementation listed in META-INF/services is bound and reached by name")
    void aListedImplementationIsBound() throws Exception {
        // given
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(Failpoints.class.getName()), RecordingFailpoints.class.getName() + "\n");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            // when
            Failpoints binding = Failpoint.load(loader);
            binding.reach("test.there");

            // then
            assertThat(binding).isInstanceOf(RecordingFailpoints.class);
            assertThat(((RecordingFailpoints) binding).reached).containsExactly("test.there");
        }
    }
}
