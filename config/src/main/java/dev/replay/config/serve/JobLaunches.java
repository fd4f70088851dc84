package dev.replay.config.serve;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.replay.config.FailureReasons;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Runs launches for the REST API on worker threads and answers as soon as the execution exists.
 *
 * <p>Design: the launchers run a job synchronously on the calling thread (they hold the job's
 * advisory lock for the whole run), so each launch runs on a worker thread of its own. This
 * class is also registered as a {@link JobExecutionListener} on every job: {@link #beforeJob}
 * on a worker thread completes that launch's future with the new (or restarted) execution,
 * whose id the API returns at once. A launch that fails before any execution exists (refused,
 * bad parameters) completes the future exceptionally. A launch still waiting for a lock after
 * {@code wait} is reported as pending; it goes on in the background. As a listener it also puts a
 * failed execution's reason first in its exit description (see {@link #afterJob}).
 *
 * <p>Thread-safe.
 */
class JobLaunches implements JobExecutionListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobLaunches.class);

    private final ThreadLocal<CompletableFuture<JobExecution>> current = new ThreadLocal<>();
    private final ExecutorService workers;
    private final Duration wait;

    JobLaunches(int threads, Duration wait) {
        this.workers = Executors.newFixedThreadPool(threads, named());
        this.wait = wait;
    }

    /**
     * Starts the launch on a worker thread.
     *
     * @return the execution once it exists, or null when the launch is still waiting after the configured time
     * @throws Exception what the launch threw before any execution existed
     */
    JobExecution start(String subject, Callable<JobExecution> launch) throws Exception {
        CompletableFuture<JobExecution> started = new CompletableFuture<>();
        workers.execute(() -> run(subject, launch, started));
        try {
            return started.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private void run(String subject, Callable<JobExecution> launch, CompletableFuture<JobExecution> started) {
        current.set(started);
        try {
            JobExecution execution = launch.call();
            started.complete(execution); // a launch that ran no new execution (e.g. nothing to resume) still answers
            log.info("{}. Execution {} ended {}", subject, execution.getId(), execution.getStatus());
        } catch (Exception e) {
            if (!started.completeExceptionally(e)) {
                log.error("{}. Failed after it started: {}", subject, e.getMessage(), e);
            }
        } finally {
            current.remove();
        }
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        CompletableFuture<JobExecution> started = current.get();
        if (started != null) {
            started.complete(jobExecution); // the first execution this launch runs
        }
    }

    /**
     * Puts the failure's reason (see {@link FailureReasons}) on the first line of a failed
     * execution's exit description, before it is saved, so that the dashboard, the API and the
     * {@code jobs} listing show it rather than a wrapper's "Unable to process chunk".
     */
    @Override
    public void afterJob(JobExecution jobExecution) {
        if (jobExecution.getStatus() != BatchStatus.FAILED) {
            return;
        }
        FailureReasons.of(jobExecution).ifPresent(reason -> {
            ExitStatus exit = jobExecution.getExitStatus();
            jobExecution.setExitStatus(new ExitStatus(exit.getExitCode(), reason.strip() + "\n" + exit.getExitDescription()));
        });
    }

    @Override
    public void close() {
        workers.shutdownNow(); // running jobs are resumed by their next launch or 'restart <id>'
    }

    private static ThreadFactory named() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "replay-launch-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
