package dev.replay.jobs.archive;

import dev.replay.readers.EventFilter;
import dev.replay.readers.HighWaterMark;
import dev.replay.readers.HotStore;
import dev.replay.writers.KeptCopyMarks;
import dev.replay.writers.ReadModelBuilds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The archive run's bound below the live read models: a {@code --catch-up} reads only the hot
 * store, from its projection's live high-water mark on, so an event that committed at or after the
 * lowest live mark of any projection (a late commit, or an append backdated before the cutoff)
 * must stay in the hot store until every projection has caught up with it. Projections without a
 * live build hold nothing back: their first full rebuild reads the archive. The marks of kept copies
 * bound it the same way ({@link KeptCopyMarks}): a rollback makes a copy live again with its mark,
 * and its catch-up must find in the hot store everything that committed after it. Thread-safe.
 */
final class LiveMarkBound {

    private final ReadModelBuilds builds;
    private final KeptCopyMarks keptCopies;
    private final HotStore hotStore;

    LiveMarkBound(HotStore hotStore) {
        this.builds = new ReadModelBuilds(hotStore.dataSource());
        this.keptCopies = new KeptCopyMarks(hotStore.dataSource());
        this.hotStore = hotStore;
    }

    /** What an archive run bounded by {@code own} (cutoff {@code before}) moves and holds back. */
    Bound apply(Instant before, HighWaterMark own) {
        long upper = own.upperXmin();
        long heldBack = 0;
        List<String> holding = new ArrayList<>();
        boolean byKeptCopy = false;
        List<Map.Entry<String, String>> marks = new ArrayList<>(builds.liveHighWaterMarks().entrySet());
        int live = marks.size();
        marks.addAll(keptCopies.highWaterMarks());
        for (int i = 0; i < marks.size(); i++) {
            long mark = HighWaterMark.parse(marks.get(i).getValue()).upperXmin();
            if (mark >= own.upperXmin()) {
                continue;
            }
            upper = Math.min(upper, mark);
            long held = count(before, mark, own.upperXmin());
            if (held > 0) {
                if (!holding.contains(marks.get(i).getKey())) {
                    holding.add(marks.get(i).getKey());
                }
                byKeptCopy |= i >= live;
                heldBack = Math.max(heldBack, held); // the lowest mark's range holds every other's
            }
        }
        return new Bound(HighWaterMark.fullReplay(upper), heldBack, holding, byKeptCopy);
    }

    private long count(Instant before, long fromXmin, long toXmin) {
        return hotStore.count(new HighWaterMark(fromXmin, toXmin), new EventFilter(null, before, Set.of(), Set.of()));
    }

    /**
     * @param mark the run's bound: its own mark, lowered to the lowest live mark
     * @param heldBack events before the cutoff that committed between the two
     * @param projections the projections whose catch-up would release some of them
     * @param byKeptCopy whether a kept copy's mark holds some of them (until a rebuild drops the copy)
     */
    record Bound(HighWaterMark mark, long heldBack, List<String> projections, boolean byKeptCopy) {

        /** What the run's output says, or null when nothing was held back. */
        String message() {
            if (heldBack == 0) {
                return null;
            }
            boolean one = projections.size() == 1;
            return String.format("held back %d event%s committed after the live build of projection%s %s;"
                    + " run %s catch-up to archive them%s", heldBack, heldBack == 1 ? "" : "s", one ? "" : "s",
                    String.join(", ", projections), one ? "its" : "their", byKeptCopy ? " (a kept copy, which"
                    + " 'rollback' may swap back in, holds those committed after its mark until a rebuild drops it)" : "");
        }
    }
}
