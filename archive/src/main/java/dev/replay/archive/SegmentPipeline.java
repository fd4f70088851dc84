package dev.replay.archive;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The commit side of a {@link SegmentArchiver}: one daemon thread, {@code archive-commit}, and at
 * most one chunk (its segments) on it. {@link #submit} refuses a second while one is in flight; the
 * archiver {@link #awaitCommit waits} for the previous one first. Used by one thread (the
 * archiver's caller) at a time.
 */
final class SegmentPipeline implements AutoCloseable {

    private final String runId;
    private final ExecutorService committer;
    private Future<List<SegmentInfo>> inFlight;

    SegmentPipeline(String runId) {
        this.runId = runId;
        this.committer = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "archive-commit");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Hands a chunk's verification and commit over to the commit thread. */
    void submit(Callable<List<SegmentInfo>> verifyAndCommit) {
        if (inFlight != null) {
            throw new IllegalStateException("Archive [" + runId + "]. A segment is still in flight");
        }
        inFlight = committer.submit(verifyAndCommit);
    }

    /**
     * Waits for the chunk in flight, if any, and tells {@code committed} of each of its segments.
     *
     * @throws RuntimeException the commit's failure, as it was thrown
     */
    void awaitCommit(Consumer<SegmentInfo> committed) {
        if (inFlight == null) {
            return;
        }
        List<SegmentInfo> chunk;
        try {
            chunk = inFlight.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause
                    : new IllegalStateException("Archive [" + runId + "]. Commit failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Archive [" + runId + "]. Interrupted waiting for a segment's commit", e);
        } finally {
            inFlight = null;
        }
        chunk.forEach(committed);
    }

    /** Lets a commit still running end as it would alone, then stops the thread. */
    @Override
    public void close() {
        if (inFlight != null) {
            try {
                inFlight.get();
            } catch (ExecutionException e) {
                // the run already failed or is failing; this commit rolled back on its own
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight = null;
        }
        committer.shutdown();
    }
}
