package dev.replay.jobs.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.aop.scope.ScopedObject;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

class StepScopedReaderTest {

    /** A reader over fixed items that records its calls. */
    static class ListReader implements ItemStreamReader<String> {

        final List<String> calls = new ArrayList<>();
        private final Iterator<String> items;

        ListReader(String... items) {
            this.items = List.of(items).iterator();
        }

        @Override
        public void open(ExecutionContext context) {
            calls.add("open");
        }

        @Override
        public String read() {
            return items.hasNext() ? items.next() : null;
        }

        @Override
        public void update(ExecutionContext context) {
            calls.add("update");
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    /** Stands for the step scope's proxy: every call resolves the target, as the bean factory would. */
    static final class ScopeProxy extends ListReader implements ScopedObject {

        final AtomicInteger lookups = new AtomicInteger();
        private final ListReader target;

        ScopeProxy(ListReader target) {
            this.target = target;
        }

        @Override
        public Object getTargetObject() {
            lookups.incrementAndGet();
            return target;
        }

        @Override
        public void removeFromScope() {
        }

        @Override
        public String read() {
            throw new AssertionError("read through the proxy");
        }
    }

    @Test
    @DisplayName("Issue 13: a scoped proxy's target is resolved once, at open, and gets every call until close")
    void resolvesTheTargetOnceAtOpen() throws Exception {
        // given
        ListReader target = new ListReader("a", "b");
        ScopeProxy proxy = new ScopeProxy(target);
        StepScopedReader<String> reader = new StepScopedReader<>(proxy);

        // when
        reader.open(new ExecutionContext());
        List<String> read = List.of(reader.read(), reader.read());
        String end = reader.read();
        reader.update(new ExecutionContext());
        reader.close();

        // then
        assertThat(read).containsExactly("a", "b");
        assertThat(end).isNull();
        assertThat(proxy.lookups).hasValue(1);
        assertThat(target.calls).containsExactly("open", "update", "close");
    }

    @Test
    @DisplayName("Issue 13: a reader that is not a scoped proxy is used as is")
    void usesAPlainReaderAsIs() throws Exception {
        // given
        ListReader plain = new ListReader("x");
        StepScopedReader<String> reader = new StepScopedReader<>(plain);

        // when
        reader.open(new ExecutionContext());

        // then
        assertThat(reader.read()).isEqualTo("x");
        reader.close();
        assertThat(plain.calls).containsExactly("open", "close");
    }

    @Test
    @DisplayName("Issue 13: reading on a thread that did not open the reader, or after close, fails naming the call to make")
    void readsOnlyOnTheOpeningThread() {
        // given
        StepScopedReader<String> reader = new StepScopedReader<>(new ListReader("x"));
        reader.open(new ExecutionContext());

        // when
        CompletableFuture<String> elsewhere = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.read();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        // then
        assertThatThrownBy(elsewhere::get).isInstanceOf(ExecutionException.class)
                .hasRootCauseInstanceOf(IllegalStateException.class).hasMessageContaining("call open(ExecutionContext) first");
        reader.close();
        assertThatThrownBy(reader::read).isInstanceOf(IllegalStateException.class).hasMessageContaining("is not open");
    }
}
