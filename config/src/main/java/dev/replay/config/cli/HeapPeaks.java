package dev.replay.config.cli;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap a benchmarked phase used, from the garbage collector's own reports: the peak of the
 * heap in use (the most it held just before a collection, or at the end) and the peak of what
 * stayed live after a collection, the memory the phase needs. G1 lets the young generation grow
 * into whatever {@code -Xmx} leaves free, so the first says how much of the limit it took, the
 * second how much it had to keep.
 *
 * <p>What counts as live: the heap after a collection that reclaimed old-generation space (a full
 * collection, or a mixed one: the old generation shrank). A young-only collection leaves the old
 * generation as it was, garbage included, and one whose evacuation failed ("to-space exhausted")
 * leaves the heap about as full as before, so the heap after those is only an upper bound; it is
 * reported when no collection of the phase reclaimed old space. Not thread-safe: one phase at a time.
 */
final class HeapPeaks implements AutoCloseable {

    private final AtomicLong used = new AtomicLong();
    private final AtomicLong live = new AtomicLong();
    private final AtomicLong afterYoungOnly = new AtomicLong(); // an upper bound of live, old garbage included
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::collected;

    /** Starts listening to every collector. */
    HeapPeaks() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    /** The peak of the heap in use, counting the heap in use now. */
    long usedBytes() {
        return Math.max(used.get(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    /**
     * The peak of the heap left after a collection that reclaimed old space; without one, the peak
     * after the young-only ones (an upper bound); 0 when none ran.
     */
    long liveBytes() {
        long reclaimed = live.get();
        return reclaimed > 0 ? reclaimed : afterYoungOnly.get();
    }

    private void collected(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        var collection = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        var info = collection.getGcInfo();
        used.accumulateAndGet(heap(info.getMemoryUsageBeforeGc()), Math::max);
        boolean reclaimedOld = reclaimedOld(collection.getGcAction(), info.getMemoryUsageBeforeGc(),
                info.getMemoryUsageAfterGc());
        (reclaimedOld ? live : afterYoungOnly).accumulateAndGet(heap(info.getMemoryUsageAfterGc()), Math::max);
    }

    /**
     * Whether a collection reclaimed old-generation space, so that the heap after it is what was
     * live (as near as G1 tells): a full ("major") collection, or one after which the old
     * generation holds less than before (a mixed collection; a young-only one only adds to it).
     */
    static boolean reclaimedOld(String action, Map<String, MemoryUsage> before, Map<String, MemoryUsage> after) {
        return action.contains("major") || old(after) < old(before);
    }

    private static long old(Map<String, MemoryUsage> pools) {
        return pools.entrySet().stream().filter(pool -> pool.getKey().contains("Old"))
                .mapToLong(pool -> pool.getValue().getUsed()).sum();
    }

    // the heap's pools only: G1's eden, survivor and old generation (not metaspace or code cache)
    private static long heap(Map<String, MemoryUsage> pools) {
        return pools.entrySet().stream()
                .filter(pool -> pool.getKey().contains("Eden") || pool.getKey().contains("Survivor")
                        || pool.getKey().contains("Old"))
                .mapToLong(pool -> pool.getValue().getUsed()).sum();
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // never added: nothing to remove
            }
        }
    }
}
