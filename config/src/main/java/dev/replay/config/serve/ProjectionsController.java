package dev.replay.config.serve;

import dev.replay.config.ProjectionListing;
import dev.replay.config.ProjectionListing.Entry;
import java.util.List;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The projections, as the {@code projections} command lists them: an array of objects
 * ({@code name}, {@code source}, {@code eventTypes}, {@code perAggregate}, {@code liveBuild}, null
 * when none is live) and their status ({@link Entry}: live since, high-water mark, lag, dead letters,
 * last full rebuild and catch-up, kept copies), read afresh. Objects, so that fields can be added.
 */
@RestController
@Profile("serve")
@RequestMapping(path = "/api/projections", produces = MediaType.APPLICATION_JSON_VALUE)
class ProjectionsController {

    private final ProjectionListing listing;

    ProjectionsController(ProjectionListing listing) {
        this.listing = listing;
    }

    @GetMapping
    List<Entry> projections() {
        return listing.list();
    }
}
