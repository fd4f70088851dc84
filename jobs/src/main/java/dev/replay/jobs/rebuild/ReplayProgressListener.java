package dev.replay.jobs.rebuild;

import dev.replay.readers.ArchivedEvents;
import dev.replay.readers.ArchivedSegmentRef;
import dev.replay.readers.EventFilter;
import dev.replay.jobs.support.Failpoint;
import dev.replay.jobs.support.HeldLocks;
import dev.replay.readers.EventKey;
import dev.replay.readers.HighWaterMark;
import dev.replay.readers.HotStore;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Feeds {@link ReplayProgress} from a replay step: the total is what this execution has left
 * (archived segments after the restart position, if any, and hot-store events within its
 * high-water mark after it), the count grows by each
 * written chunk. One instance per step execution (step scope); not thread-safe.
 */
class ReplayProgressListener implements StepExecutionListener, ItemWriteListener<Object> {

    private final RebuildRun run;
    private final String readerName;
    private final HotStore hotStore;
    private final ReplayProgress progress;
    private final ArchivedEvents archive;
    private String step;
    private long total;
    private long done;

    ReplayProgressListener(RebuildRun run, String readerName, HotStore hotStore, ArchivedEvents archive,
                           ReplayProgress progress) {
        this.archive = archive;
        this.run = run;
        this.readerName = readerName;
        this.hotStore = hotStore;
        this.progress = progress;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        step = stepExecution.getStepName();
        String after = stepExecution.getExecutionContext().getString(readerName + ".start.after", null);
        total = after == null ? run.eventsTotal() : remainingAfter(EventKey.parse(after), run.highWaterMark());
        progress.update(step, 0, total);
    }

    @Override
    public void afterWrite(Chunk<?> chunk) {
        Failpoint.reach("rebuild.replay.chunk-written"); // written, not yet committed with its checkpoint
        HeldLocks.verify(HeldLocks.rebuild(run.projection()), HeldLocks.ARCHIVE_TIER); // still ours to commit
        done += chunk.size();
        progress.update(step, done, Math.max(total, done));
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        progress.update(step, done, Math.max(total, done));
        return stepExecution.getExitStatus();
    }

    private long remainingAfter(EventKey key, HighWaterMark mark) {
        long count = hotStore.countAfter(key, mark);
        // segments wholly after the position; the one holding it is left out of an estimate anyway
        long archived = archive.segments(EventFilter.ALL).stream()
                .filter(segment -> segment.firstKey().compareTo(key) > 0).mapToLong(ArchivedSegmentRef::rows).sum();
        return archived + count;
    }
}
