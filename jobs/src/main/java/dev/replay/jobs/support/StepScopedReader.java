package dev.replay.jobs.support;

import java.util.Objects;
import org.springframework.aop.scope.ScopedObject;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * A step's reader that calls its {@code @StepScope} bean directly instead of through the scope's
 * proxy on every item.
 *
 * <p>A step bean is a singleton, so its reader is a scoped proxy, and each call of the proxy looks
 * the target up in the bean factory and the step scope. Once per chunk that is nothing; once per
 * event it was about a tenth of a rebuild's main thread. This reader resolves the proxy's target
 * once, in {@link #open} (called within the step's scope), keeps it for the calling thread and
 * forwards every call to it until {@link #close}.
 *
 * <p>Thread-bound, not shared: the same step may run on several threads at once (partitions, or two
 * launches in one {@code serve} process), each with its own target, and Spring Batch calls a
 * step's reader on the thread that opened it. A reader that is not a scoped proxy is used as is.
 *
 * @param <T> the item type
 */
public final class StepScopedReader<T> implements ItemStreamReader<T> {

    private final ItemStreamReader<T> proxy;
    private final ThreadLocal<ItemStreamReader<T>> target = new ThreadLocal<>();

    public StepScopedReader(ItemStreamReader<T> proxy) {
        this.proxy = Objects.requireNonNull(proxy, "proxy");
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open(ExecutionContext executionContext) throws ItemStreamException {
        ItemStreamReader<T> resolved = proxy instanceof ScopedObject scoped
                ? (ItemStreamReader<T>) scoped.getTargetObject()
                : proxy;
        target.set(resolved); // before open: close() then closes what a failed open left half open
        resolved.open(executionContext);
    }

    @Override
    public T read() throws Exception {
        return current().read();
    }

    @Override
    public void update(ExecutionContext executionContext) throws ItemStreamException {
        current().update(executionContext);
    }

    @Override
    public void close() throws ItemStreamException {
        ItemStreamReader<T> resolved = target.get();
        target.remove();
        if (resolved != null) {
            resolved.close();
        }
    }

    private ItemStreamReader<T> current() {
        ItemStreamReader<T> resolved = target.get();
        if (resolved == null) {
            throw new IllegalStateException("Reader is not open on thread " + Thread.currentThread().getName()
                    + "; call open(ExecutionContext) first");
        }
        return resolved;
    }
}
