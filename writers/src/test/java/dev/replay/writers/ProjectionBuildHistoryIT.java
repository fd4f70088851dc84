package dev.replay.writers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.readers.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@link ProjectionBuildHistory} over builds that {@link ReadModelBuilds} started, swapped and dropped. */
class ProjectionBuildHistoryIT {

    private final TestDatabase database = TestDatabase.create();
    private final RecordingProjection projection = new RecordingProjection(List.of("balance"));
    private final ProjectionBuildHistory history = new ProjectionBuildHistory(database.dataSource());

    @AfterEach
    void close() {
        database.close();
    }

    private long swapNew(ReadModelBuilds builds, String mark) {
        long build = builds.startBuild(projection).build();
        builds.swap(projection, build, mark);
        return build;
    }

    @Test
    @DisplayName("Issue 16: the live build with its swap time and mark, and the kept copies newest first")
    void liveBuildAndKeptCopies() {
        // given: four builds swapped in turn keeping two copies, and one abandoned
        ReadModelBuilds builds = new ReadModelBuilds(database.dataSource(), 2);
        Instant before = new JdbcTemplate(database.dataSource()).queryForObject("select now()", Instant.class);
        for (int i = 1; i <= 3; i++) {
            swapNew(builds, "0.." + (10 * i));
        }
        builds.startBuild(projection); // build 4, never swapped: no copy to go back to
        long live = swapNew(builds, "0..50");

        // when
        ProjectionBuildHistory.LiveBuild liveBuild = history.liveBuilds().get(projection.name());

        // then
        assertThat(live).isEqualTo(5);
        assertThat(liveBuild.build()).isEqualTo(5);
        assertThat(liveBuild.highWaterMark()).isEqualTo("0..50");
        assertThat(liveBuild.swappedAt()).isAfterOrEqualTo(before);
        assertThat(history.keptCopies().get(projection.name())).containsExactly(3L, 2L);
    }

    @Test
    @DisplayName("Issue 16: without keep-copies, or never built, a projection has no kept copies and no live build")
    void nothingKept() {
        assertThat(history.liveBuilds()).isEmpty();
        swapNew(new ReadModelBuilds(database.dataSource()), "0..1");
        swapNew(new ReadModelBuilds(database.dataSource()), "0..2");

        assertThat(history.keptCopies()).isEmpty();
        assertThat(history.liveBuilds().get(projection.name()).build()).isEqualTo(2);
    }
}
