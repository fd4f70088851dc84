package dev.replay.config.serve;

import dev.replay.config.serve.ExecutionViews.ExecutionDetail;
import dev.replay.config.serve.ExecutionViews.ExecutionView;
import dev.replay.jobs.history.JobExecutions;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The job executions API: list and get executions, launch a job with parameters, stop and
 * restart an execution. Launches answer 202 as soon as the execution exists (see {@link JobLaunches}).
 * A restart of a rebuild execution that a newer completed rebuild superseded answers 409 naming it.
 */
@RestController
@Profile("serve")
@RequestMapping(path = "/api", produces = MediaType.APPLICATION_JSON_VALUE)
class ExecutionsController {

    private static final Set<BatchStatus> RESTARTABLE = Set.of(BatchStatus.FAILED, BatchStatus.STOPPED,
            BatchStatus.STARTED, BatchStatus.STARTING, BatchStatus.STOPPING, BatchStatus.UNKNOWN);

    private final ExecutionViews views;
    private final BatchScheduledJobs jobs;
    private final JobLaunches launches;
    private final JobRepository repository;
    private final JobOperator operator;

    ExecutionsController(ExecutionViews views, BatchScheduledJobs jobs, JobLaunches launches, JobRepository repository,
                         JobOperator operator) {
        this.views = views;
        this.jobs = jobs;
        this.launches = launches;
        this.repository = repository;
        this.operator = operator;
    }

    @GetMapping("/jobs")
    Set<String> jobs() {
        return new TreeSet<>(jobs.names());
    }

    @GetMapping("/executions")
    List<ExecutionView> executions(@RequestParam(required = false) String job,
                                   @RequestParam(defaultValue = "20") int limit) {
        if (limit < 1 || limit > 500) {
            throw new IllegalArgumentException("limit must be between 1 and 500, was " + limit);
        }
        return views.recent(job, limit);
    }

    @GetMapping("/executions/{id}")
    ExecutionDetail execution(@PathVariable long id) {
        return views.get(id).orElseThrow(() -> notFound(id));
    }

    @PostMapping(path = "/jobs/{job}/executions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Launch> launch(@PathVariable String job, @RequestBody(required = false) Map<String, String> parameters)
            throws Exception {
        if (!jobs.names().contains(job)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No job named '" + job + "', expected one of "
                    + new TreeSet<>(jobs.names()));
        }
        Map<String, String> given = parameters == null ? Map.of() : parameters;
        jobs.validate(job, given); // 400 before anything runs
        return accepted(job, launches.start("Launch of " + job, () -> jobs.launch(job, given)));
    }

    @PostMapping(path = "/executions/{id}/stop", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ExecutionView> stop(@PathVariable long id) throws Exception {
        JobExecution execution = find(id);
        if (!execution.isRunning()) {
            throw new IllegalStateException("Execution " + id + " is not running, it is " + execution.getStatus());
        }
        operator.stop(execution); // through the repository: reaches a run in any process, after its current chunk
        return ResponseEntity.accepted().body(views.get(id).orElseThrow(() -> notFound(id)).execution());
    }

    @PostMapping(path = "/executions/{id}/restart", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Launch> restart(@PathVariable long id) throws Exception {
        JobExecution execution = find(id);
        // a superseded one goes on to its launcher, which refuses it naming the newer execution (409), as the CLI does
        boolean superseded = views.supersededBy(id).isPresent();
        if (!superseded && !RESTARTABLE.contains(execution.getStatus())) {
            throw new IllegalStateException("Execution " + id + " is " + execution.getStatus()
                    + "; only failed, stopped or killed executions restart");
        }
        String job = execution.getJobInstance().getJobName();
        return accepted(job, launches.start("Restart of execution " + id, () -> jobs.restart(job, id)));
    }

    private ResponseEntity<Launch> accepted(String job, JobExecution execution) {
        if (execution == null) {
            return ResponseEntity.accepted().body(new Launch(null, job, "PENDING",
                    "Launched; waiting for a lock (another run holds the archive or the job). Watch /api/executions."));
        }
        return ResponseEntity.accepted().location(URI.create("/api/executions/" + execution.getId()))
                .body(new Launch(execution.getId(), job, execution.getStatus().name(), null));
    }

    private JobExecution find(long id) {
        return JobExecutions.find(repository, id).orElseThrow(() -> notFound(id));
    }

    private static ResponseStatusException notFound(long id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No job execution with id " + id);
    }

    /** What a launch or restart answers: the execution it started, or that it is still waiting. */
    record Launch(Long id, String job, String status, String message) {
    }
}
