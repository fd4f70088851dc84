package dev.replay.config.serve;

import dev.replay.config.ProjectionListing;
import dev.replay.jobs.history.ProjectionRun;
import dev.replay.writers.DeadLetter;
import java.time.Instant;
import java.util.List;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A projection's history: its rebuild executions ({@code /api/projections/{name}/runs}, newest
 * first), its lag over time ({@code /api/projections/{name}/lag}, the samples this process took,
 * oldest first), and the dead letters ({@code /api/dead-letters}, newest first). 404 for an unknown
 * projection in the path, 400 for one in a parameter and for a limit out of range.
 */
@RestController
@Profile("serve")
@RequestMapping(path = "/api", produces = MediaType.APPLICATION_JSON_VALUE)
class ProjectionStatusController {

    static final int MAX_LIMIT = 500;

    private final ProjectionListing listing;
    private final ProjectionLagSamples samples;

    ProjectionStatusController(ProjectionListing listing, ProjectionLagSamples samples) {
        this.listing = listing;
        this.samples = samples;
    }

    /** One execution; durations and rates to now while it runs. */
    record RunView(long executionId, String mode, long build, String status, Instant startedAt, Instant endedAt,
                   Double durationSeconds, long events, Double eventsPerSecond) {

        static RunView of(ProjectionRun run, Instant now) {
            return new RunView(run.executionId(), run.mode(), run.build(), run.status(), run.startedAt(), run.endedAt(),
                    run.durationSeconds(now), run.events(), run.eventsPerSecond(now));
        }
    }

    @GetMapping("/projections/{name}/runs")
    List<RunView> runs(@PathVariable String name, @RequestParam(defaultValue = "20") int limit) {
        known(name);
        checkLimit(limit);
        Instant now = Instant.now();
        return listing.runs().recent(name, limit).stream().map(run -> RunView.of(run, now)).toList();
    }

    @GetMapping("/projections/{name}/lag")
    List<ProjectionLagSamples.Sample> lag(@PathVariable String name) {
        known(name);
        return samples.of(name);
    }

    @GetMapping("/dead-letters")
    List<DeadLetter> deadLetters(@RequestParam(required = false) String projection,
                                 @RequestParam(defaultValue = "50") int limit) {
        String filter = projection == null || projection.isBlank() ? null : projection;
        if (filter != null && !listing.names().contains(filter)) {
            throw new IllegalArgumentException("projection must be one of " + listing.names() + ", was '" + filter + "'");
        }
        checkLimit(limit);
        return listing.deadLetters().newest(filter, limit);
    }

    private void known(String name) {
        if (!listing.names().contains(name)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No projection named '" + name + "', known: "
                    + listing.names());
        }
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
    }
}
