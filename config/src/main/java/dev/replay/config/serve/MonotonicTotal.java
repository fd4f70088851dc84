package dev.replay.config.serve;

import java.util.function.ToDoubleFunction;

/**
 * A counter's value over a total that the job metadata sums, kept monotonic: {@code purge}
 * deletes old executions, and with them part of the sum, so a drop is carried as an offset and
 * the counter goes on from where it was, as Prometheus expects of a counter within a process.
 * Thread-safe.
 */
final class MonotonicTotal<T> implements ToDoubleFunction<T> {

    private final ToDoubleFunction<T> total;
    private double last;
    private double purged;

    MonotonicTotal(ToDoubleFunction<T> total) {
        this.total = total;
    }

    @Override
    public synchronized double applyAsDouble(T source) {
        double now = total.applyAsDouble(source);
        if (now < last) {
            purged += last - now; // what a purge deleted from the sum
        }
        last = now;
        return now + purged;
    }
}
