package dev.replay.writers.builtin;

import dev.replay.readers.copy.PgBinaryCopy;
import dev.replay.writers.BuildFold;
import dev.replay.writers.ProjectedEvent;
import dev.replay.writers.ReadModelTarget;
import dev.replay.writers.InvalidEventException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@link BuildFold} of {@code account-balances}: each account met since the last flush, folded
 * over as many chunks as the writer lets it span; a flush appends one delta row per account to the
 * build's work table ({@link AccountBalanceDeltas}) and starts over.
 *
 * <p>Why: in replay order a chunk holds events of mostly different accounts (accounts' events are
 * spread over the year), so chunk by chunk the work table gets about one row per event, and
 * ingesting and compacting those rows is most of PostgreSQL's share of a rebuild. Over a million
 * events an account has several, and each flush writes it once.
 *
 * <p>Layout: an open-addressing table in primitive arrays (per slot: the id's hash, cents, first
 * and last version, status with its version, time of the last event) and the ids' characters in
 * pages of 2 MB, about 100 bytes per account held (UUID ids). A flush streams its rows into the
 * {@code COPY} in parts, so it never holds their encoding at once. Millions of small long-lived objects (a map
 * of fold objects) would be copied by every young collection until promoted and then marked by
 * the old generation's; a few big arrays of primitives are neither scanned nor copied.
 *
 * <p><b>Range.</b> Each event's effect on its account's balance is checked against the range of
 * {@link AccountPayloads}, from the balance before it: what earlier flushes wrote (the account's
 * delta rows) plus what is held. Reading an account's rows costs a query, so it is done only when a
 * bound says the range could be reached: no account's written balance is beyond {@code bound}
 * (the largest written balance when the fold started, plus the largest change of each flush since),
 * so while {@code bound} plus the held change stays in range, nothing needs reading. Real data never
 * comes near; only accounts of balances near 10^16 pay a query, once per account and flush. An event
 * that fails the check throws an {@link InvalidEventException} and changes nothing: the events before
 * it in the list are folded, it and those after it are not.
 *
 * <p>Not thread-safe: one per step execution.
 */
final class AccountBalanceBuildFold implements BuildFold {

    private static final int STRIDE = 6;
    private static final int HASH = 0;
    private static final int CENTS = 1;
    private static final int FIRST = 2;
    private static final int LAST = 3;
    private static final int STATUS = 4; // version << 2 | code: 0 unchanged, 1 open, 2 closed
    private static final int UPDATED = 5; // PgBinaryCopy.pgMicros
    private static final int OPEN = 1;
    private static final int CLOSED = 2;
    private static final int INITIAL_SLOTS = 1 << 12;

    private static final int PAGE_BITS = 20;
    private static final int PAGE_CHARS = 1 << PAGE_BITS;

    private long[] slots;
    private int[] idAt; // where each slot's id starts: page << 20 | offset; there its length, then its chars
    // ids in pages of 2 MB, filled one after the other: no copy as they grow, at most one page unused
    private final List<char[]> pages = new ArrayList<>();
    private int pageFill = PAGE_CHARS;
    private int held;
    private final JdbcTemplate jdbc;
    private final String deltaTable;
    /** No account's written balance is beyond it, in cents; -1 until first needed. */
    private long bound = -1;
    /** The written balances of accounts read since the last flush. */
    private final Map<String, Long> written = new HashMap<>();

    AccountBalanceBuildFold(ReadModelTarget target) {
        this.jdbc = target.jdbc();
        this.deltaTable = AccountBalanceProjection.deltaTable(target);
        allocate(INITIAL_SLOTS);
    }

    @Override
    public void add(List<ProjectedEvent> events) {
        for (ProjectedEvent event : events) {
            long amount = AccountPayloads.amountCents(event);
            String status = AccountBalanceProjection.status(event.eventType());
            String id = event.aggregateId();
            int slot = find(id);
            int base = slot * STRIDE;
            boolean known = slots[base + HASH] != 0;
            long change = known ? slots[base + CENTS] : 0;
            if (known && event.version() <= slots[base + LAST]) {
                throw new IllegalStateException("Account " + id + " version regressed from " + slots[base + LAST]
                        + " to " + event.version() + " at event " + event.eventId() + ": events out of order");
            }
            long next = amount == 0 ? change : checked(event, change, amount);
            if (!known) {
                slot = insert(slot, id, event.version());
                base = slot * STRIDE;
            }
            slots[base + LAST] = event.version();
            slots[base + CENTS] = next;
            slots[base + UPDATED] = PgBinaryCopy.pgMicros(event.occurredAt());
            if (status != null) {
                slots[base + STATUS] = event.version() << 2 | ("open".equals(status) ? OPEN : CLOSED);
            }
        }
    }

    /** The held change after the event; throws when the account's balance would leave the range. */
    private long checked(ProjectedEvent event, long change, long amount) {
        long next = change + amount; // |change| <= 2 MAX, |amount| <= MAX: no overflow
        if (bound < 0) {
            bound = largestWrittenBalance();
        }
        if (Math.abs(next) <= AccountPayloads.MAX_CENTS - bound) {
            return next; // within range whatever the written balance
        }
        long before = written.computeIfAbsent(event.aggregateId(), this::writtenBalance);
        return AccountPayloads.balanceAfter(event, before + change, amount) - before;
    }

    private long largestWrittenBalance() {
        return jdbc.queryForObject("select least(coalesce(max(abs(balance)), 0), ?) from (select sum(delta_cents)"
                + " as balance from " + deltaTable + " group by account_id) b", Long.class, AccountPayloads.MAX_CENTS);
    }

    private long writtenBalance(String accountId) {
        return jdbc.queryForObject("select coalesce(sum(delta_cents), 0) from " + deltaTable + " where account_id = ?",
                Long.class, accountId);
    }

    @Override
    public int held() {
        return held;
    }

    @Override
    public void flush(ReadModelTarget target) {
        if (held > 0) {
            long[] largestChange = {0};
            AccountBalanceDeltas.stream(target.jdbc(), AccountBalanceProjection.deltaTable(target), sink -> {
                int capacity = idAt.length;
                for (int slot = 0; slot < capacity; slot++) {
                    int base = slot * STRIDE;
                    if (slots[base + HASH] != 0) {
                        long status = slots[base + STATUS];
                        largestChange[0] = Math.max(largestChange[0], Math.abs(slots[base + CENTS]));
                        int code = (int) (status & 3);
                        sink.add(id(slot), slots[base + CENTS], slots[base + FIRST], slots[base + LAST],
                                code == OPEN ? "open" : code == CLOSED ? "closed" : null, status >>> 2,
                                slots[base + UPDATED]);
                    }
                }
            });
            if (bound >= 0) {
                bound = Math.min(AccountPayloads.MAX_CENTS, bound + largestChange[0]);
            }
        }
        written.clear();
        allocate(INITIAL_SLOTS); // starts small again: the next flush may hold far fewer accounts
        pages.clear();
        pageFill = PAGE_CHARS;
        held = 0;
    }

    /** The slot holding {@code id}, or the empty slot where it belongs. */
    private int find(String id) {
        long hash = hash(id);
        int mask = slots.length / STRIDE - 1;
        int slot = (int) (hash ^ hash >>> 32) & mask;
        while (true) {
            long stored = slots[slot * STRIDE + HASH];
            if (stored == 0 || stored == hash && sameId(slot, id)) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    private int insert(int slot, String id, long firstVersion) {
        if ((held + 1) * 4L > (slots.length / STRIDE) * 3L) { // above a load of 0.75: double, then look again
            grow();
            slot = find(id);
        }
        int base = slot * STRIDE;
        slots[base + HASH] = hash(id);
        slots[base + FIRST] = firstVersion;
        slots[base + LAST] = firstVersion - 1;
        idAt[slot] = storeId(id);
        held++;
        return slot;
    }

    private void grow() {
        long[] oldSlots = slots;
        int[] oldIdAt = idAt;
        allocate(oldSlots.length / STRIDE * 2);
        int mask = slots.length / STRIDE - 1;
        for (int old = 0; old < oldIdAt.length; old++) {
            long hash = oldSlots[old * STRIDE + HASH];
            if (hash != 0) {
                int slot = (int) (hash ^ hash >>> 32) & mask;
                while (slots[slot * STRIDE + HASH] != 0) {
                    slot = (slot + 1) & mask;
                }
                System.arraycopy(oldSlots, old * STRIDE, slots, slot * STRIDE, STRIDE);
                idAt[slot] = oldIdAt[old];
            }
        }
    }

    private void allocate(int capacity) {
        slots = new long[capacity * STRIDE];
        idAt = new int[capacity];
    }

    private int storeId(String id) {
        int length = id.length();
        if (length + 2 > PAGE_CHARS) {
            throw new IllegalArgumentException("Account id of " + length + " characters is longer than "
                    + (PAGE_CHARS - 2) + ": " + id.substring(0, 64) + "...");
        }
        if (pageFill + length + 2 > PAGE_CHARS) {
            pages.add(new char[PAGE_CHARS]);
            pageFill = 0;
        }
        char[] page = pages.get(pages.size() - 1);
        int at = pageFill;
        page[at] = (char) (length >>> 16);
        page[at + 1] = (char) length;
        id.getChars(0, length, page, at + 2);
        pageFill = at + 2 + length;
        return (pages.size() - 1) << PAGE_BITS | at;
    }

    private boolean sameId(int slot, String id) {
        char[] page = pages.get(idAt[slot] >>> PAGE_BITS);
        int at = idAt[slot] & (PAGE_CHARS - 1);
        int length = page[at] << 16 | page[at + 1];
        if (length != id.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (page[at + 2 + i] != id.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private String id(int slot) {
        char[] page = pages.get(idAt[slot] >>> PAGE_BITS);
        int at = idAt[slot] & (PAGE_CHARS - 1);
        return new String(page, at + 2, page[at] << 16 | page[at + 1]);
    }

    /** A 64-bit hash, never 0 (the empty slot's mark); String's own hash is cached in the string. */
    private static long hash(String id) {
        long h = id.hashCode() * 0x9e3779b97f4a7c15L + id.length();
        h ^= h >>> 29;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 32;
        return h == 0 ? 1 : h;
    }
}
