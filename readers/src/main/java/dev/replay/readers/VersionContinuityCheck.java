package dev.replay.readers;

import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, event by event in replay order, that each aggregate's versions run 1, 2, 3 … without a
 * gap or a regression, in bounded memory.
 *
 * <p>Design: the last version of each tracked aggregate sits in an open-addressing table, one
 * primitive {@code long} array of (key, version) pairs, keyed by a 64-bit hash of (aggregate
 * type, aggregate id) that mixes four chars per multiply. The table grows on demand up to {@code capacity} aggregates at a load of 0.8, so it never takes
 * more than about 20 bytes per aggregate of capacity (40 MB for the default 2,000,000). Two
 * aggregates sharing a 64-bit hash would be taken for one; at 2 million aggregates the odds are
 * about 1 in 10 million per run.
 *
 * <p>An aggregate seen for the first time must start at version 1 when the check starts at the
 * beginning of history ({@link #fromFirstVersion}). When it starts in mid-history (a resumed or
 * catch-up run, a time-range replay, a hot store whose old events were archived:
 * {@link #fromBaseline}) the first version seen is taken as the baseline. When the table is
 * full it is cleared and the check continues in baseline mode: aggregates seen again are
 * re-tracked from their next version, so a gap straddling the eviction goes unreported; that is
 * logged once at WARN, and the full integrity check ({@code verify}) stays the authority.
 *
 * <p>Not thread-safe; one check follows one ordered stream. It holds no restart state: a
 * restarted stream starts a new check in baseline mode.
 */
public final class VersionContinuityCheck {

    /** The default number of aggregates tracked at once. */
    public static final int DEFAULT_CAPACITY = 2_000_000;

    private static final Logger log = LoggerFactory.getLogger(VersionContinuityCheck.class);
    private static final int INITIAL_SLOTS = 1024;
    private static final long EMPTY = 0L;
    private static final long K = 0x9e3779b97f4a7c15L;

    private final String name;
    private final int capacity;
    private final int maxSlots;
    private boolean fromFirstVersion;
    private long[] table; // slot i: key at 2i, last version at 2i + 1, so one probe touches one cache line
    private int slots;
    private int size;
    private boolean evicted;

    private VersionContinuityCheck(String name, int capacity, boolean fromFirstVersion) {
        this.name = Objects.requireNonNull(name, "name");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
        this.maxSlots = (int) Math.min((Integer.MAX_VALUE - 8) / 2, capacity + capacity / 4L + 1);
        this.fromFirstVersion = fromFirstVersion;
        allocate(Math.min(INITIAL_SLOTS, maxSlots));
    }

    /** A check of a stream that starts at the beginning of history: new aggregates start at 1. */
    public static VersionContinuityCheck fromFirstVersion(String name, int capacity) {
        return new VersionContinuityCheck(name, capacity, true);
    }

    /** A check of a stream that starts in mid-history: an aggregate's first version is its baseline. */
    public static VersionContinuityCheck fromBaseline(String name, int capacity) {
        return new VersionContinuityCheck(name, capacity, false);
    }

    /**
     * Accepts the event as the next of its aggregate.
     *
     * @throws VersionContinuityException naming the aggregate and versions on a gap or regression
     */
    public void check(Event event) {
        check(event.aggregateType(), event.aggregateId(), event.version(), event.eventId());
    }

    /** As {@link #check(Event)}, for callers that have the fields but no event. */
    public void check(String aggregateType, String aggregateId, long version, UUID eventId) {
        long key = hash(aggregateType, aggregateId);
        int slot = slotOf(key);
        if (table[2 * slot] == key) {
            long expected = table[2 * slot + 1] + 1;
            if (version != expected) {
                throw new VersionContinuityException(aggregateType, aggregateId, expected, version, eventId);
            }
            table[2 * slot + 1] = version;
            return;
        }
        if (fromFirstVersion && version != 1) {
            throw new VersionContinuityException(aggregateType, aggregateId, 1, version, eventId);
        }
        insert(slot, key, version);
    }

    /** Whether aggregates seen for the first time must still start at version 1. */
    public boolean requiresFirstVersion() {
        return fromFirstVersion;
    }

    /** The number of aggregates tracked now. */
    public int trackedAggregates() {
        return size;
    }

    private void insert(int slot, long key, long version) {
        if (size >= threshold() && slots < maxSlots) {
            grow();
            slot = slotOf(key);
        }
        if (size >= threshold()) {
            evictAll();
            slot = slotOf(key);
        }
        table[2 * slot] = key;
        table[2 * slot + 1] = version;
        size++;
    }

    private int threshold() {
        return slots == maxSlots ? capacity : (int) (slots * 4L / 5);
    }

    private void grow() {
        long[] old = table;
        allocate((int) Math.min(maxSlots, slots * 2L));
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != EMPTY) {
                int slot = slotOf(old[i]);
                table[2 * slot] = old[i];
                table[2 * slot + 1] = old[i + 1];
            }
        }
    }

    private void evictAll() {
        if (!evicted) {
            evicted = true;
            log.warn("Version check [{}]. Capacity of {} aggregates reached; forgot all of them, aggregates met"
                    + " again are checked from their next version on (raise the capacity to check every one)",
                    name, capacity);
        }
        fromFirstVersion = false;
        Arrays.fill(table, EMPTY);
        size = 0;
    }

    private void allocate(int slots) {
        this.slots = slots;
        table = new long[2 * slots];
    }

    // linear probing from a position spread over any table length (not only powers of two)
    private int slotOf(long key) {
        int slot = (int) (((key >>> 32) * slots) >>> 32);
        while (table[2 * slot] != EMPTY && table[2 * slot] != key) {
            slot = slot + 1 == slots ? 0 : slot + 1;
        }
        return slot;
    }

    static long hash(String aggregateType, String aggregateId) {
        long h = mix(0xcbf29ce484222325L, aggregateType);
        h = (h ^ aggregateType.length()) * K; // ("ab", "c") is not ("a", "bc")
        h = mix(h, aggregateId);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == EMPTY ? 1 : h;
    }

    // four UTF-16 chars per multiply: a quarter of the dependent multiplies of a per-char FNV
    private static long mix(long h, String text) {
        int length = text.length();
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            long word = text.charAt(i) | (long) text.charAt(i + 1) << 16
                    | (long) text.charAt(i + 2) << 32 | (long) text.charAt(i + 3) << 48;
            h = (Long.rotateLeft(h, 23) ^ word) * K;
        }
        long tail = (long) (length - i) << 48; // the tail's length, so "a" and "a\0" differ
        for (int shift = 0; i < length; i++, shift += 16) {
            tail |= (long) text.charAt(i) << shift;
        }
        return (Long.rotateLeft(h, 23) ^ tail) * K;
    }
}
