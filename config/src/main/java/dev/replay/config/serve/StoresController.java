package dev.replay.config.serve;

import dev.replay.archive.ArchiveLayout;
import dev.replay.config.serve.StoreStatistics.Partition;
import dev.replay.config.serve.StoreStatistics.Snapshot;
import java.time.Instant;
import java.util.List;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the stores hold: the hot store's rows and bytes, the archive's partitions (at most a few seconds old). */
@RestController
@Profile("serve")
@RequestMapping(path = "/api/stores", produces = MediaType.APPLICATION_JSON_VALUE)
class StoresController {

    private final StoreStatistics statistics;
    private final ArchiveLayout layout;
    private final Environment environment;

    StoresController(StoreStatistics statistics, ArchiveLayout layout, Environment environment) {
        this.statistics = statistics;
        this.layout = layout;
        this.environment = environment;
    }

    @GetMapping
    Stores stores() {
        Snapshot s = statistics.current();
        String url = environment.getProperty("spring.datasource.url");
        String database = url == null || url.isBlank() ? "embedded PostgreSQL"
                : Secrets.mask(url.indexOf('?') < 0 ? url : url.substring(0, url.indexOf('?')));
        return new Stores(s.at(), database, new HotStore(s.hotStoreRows(), s.hotStoreBytes()),
                new Archive(Secrets.mask(layout.toString()), s.archiveSegments(), s.archiveRows(), s.archiveBytes(),
                        s.partitions()));
    }

    record Stores(Instant at, String database, HotStore hotStore, Archive archive) {
    }

    record HotStore(long rows, long bytes) {
    }

    record Archive(String location, int segments, long rows, long bytes, List<Partition> partitions) {
    }
}
