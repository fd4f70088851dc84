package dev.replay.config.serve;

import dev.replay.jobs.launch.RollbackLauncher;
import dev.replay.jobs.launch.RollbackRefusedException;
import dev.replay.jobs.rebuild.Projections;
import dev.replay.writers.RolledBackBuild;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /api/projections/{name}/rollback} (no body or {@code {}}, as JSON; {@code ?build=N} names a kept copy):
 * 200 {@code {name, liveBuild, previousBuild, highWaterMark}}; 400 when
 * {@code replay.rebuild.keep-copies} is 0; 404 for an unknown projection; 409 when no copy is kept,
 * a rebuild, catch-up or archive run is going on, or the copy would not catch up exactly.
 */
@RestController
@Profile("serve")
@RequestMapping(path = "/api/projections", produces = MediaType.APPLICATION_JSON_VALUE)
class ProjectionRollbackController {

    private final Projections projections;
    private final RollbackLauncher rollback;

    ProjectionRollbackController(Projections projections, RollbackLauncher rollback) {
        this.projections = projections;
        this.rollback = rollback;
    }

    // JSON only, as every POST of the API: a cross-site form cannot send it
    @PostMapping(path = "/{name}/rollback", consumes = MediaType.APPLICATION_JSON_VALUE)
    Rollback rollback(@PathVariable String name, @RequestParam(required = false) Long build) {
        if (!projections.names().contains(name)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "Unknown projection '" + name + "', known: "
                    + projections.names());
        }
        try {
            RolledBackBuild done = rollback.rollback(name, build);
            return new Rollback(done.projection(), done.liveBuild(), done.previousBuild(), done.highWaterMark());
        } catch (RollbackRefusedException e) {
            HttpStatus status = e.reason() == RollbackRefusedException.Reason.NOT_CONFIGURED ? HttpStatus.BAD_REQUEST
                    : HttpStatus.CONFLICT;
            throw new ResponseStatusException(status, e.getMessage());
        }
    }

    /** What a rollback answers: the build live again, the build it replaced, and the mark the next catch-up starts from. */
    record Rollback(String name, long liveBuild, long previousBuild, String highWaterMark) {
    }
}
