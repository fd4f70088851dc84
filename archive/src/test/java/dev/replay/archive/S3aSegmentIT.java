package dev.replay.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.archive.testing.S3ProxyServer;
import dev.replay.archive.testing.SampleEvents;
import dev.replay.readers.Event;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segments on S3 through the real S3A client, against s3proxy on 127.0.0.1. */
class S3aSegmentIT {

    private static final String BUCKET = "replay-archive";
    private static final LocalDate DAY = LocalDate.of(2026, 11, 1);
    private static final List<Event> EVENTS = SampleEvents.oneDay(10_000, 3);

    @TempDir
    static java.nio.file.Path shared;

    private static S3ProxyServer server;

    @TempDir
    java.nio.file.Path dir;

    @BeforeAll
    static void startServer() {
        server = S3ProxyServer.start(shared.resolve("s3"));
        server.createBucket(BUCKET);
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    private static List<Event> readAll(ArchiveFileSystems fileSystems, SegmentInfo info) {
        List<Event> events = new ArrayList<>();
        try (ParquetSegmentReader reader = ParquetSegmentReader.open(fileSystems.fileSystem(), new Path(info.path()))) {
            for (Event event = reader.read(); event != null; event = reader.read()) {
                events.add(event);
            }
        }
        return events;
    }

    @Nested
    class WhileTheServerRuns {

        private ArchiveFileSystems fileSystems;
        private ArchiveLayout layout;

        @BeforeEach
        void open() {
            layout = ArchiveLayout.of("s3a://" + BUCKET + "/prefix/" + dir.getFileName());
            fileSystems = new ArchiveFileSystems(layout, server.settings(), dir.resolve("tmp"));
        }

        @AfterEach
        void close() {
            fileSystems.close();
        }

        private SegmentInfo write(String runId, int n) {
            return ParquetSegmentWriter.write(fileSystems.fileSystem(), layout.segment(DAY, runId, n), DAY,
                    SegmentWriteOptions.defaults(), EVENTS);
        }

        @Test
        void writesReadsBackAndVerifiesASegment() {
            // when
            SegmentInfo info = write("s3run", 0);

            // then
            assertThat(info.path()).isEqualTo("s3a://" + BUCKET + "/prefix/" + dir.getFileName()
                    + "/events/date=2026-11-01/seg-s3run-0.parquet");
            assertThat(info.rows()).isEqualTo(EVENTS.size());
            assertThat(readAll(fileSystems, info)).containsExactlyElementsOf(EVENTS);
            ParquetSegmentReader.verify(fileSystems.fileSystem(), info);
            java.nio.file.Path object = server.bucketDirectory(BUCKET)
                    .resolve("prefix/" + dir.getFileName() + "/events/date=2026-11-01/seg-s3run-0.parquet");
            assertThat(object).exists().hasSize(info.bytes());
        }

        @Test
        void listsAndDeletesOrphans() {
            // given one catalogued segment and one that never made it into the catalog
            SegmentInfo catalogued = write("s3run", 0);
            SegmentInfo orphan = write("s3run", 1);

            // when
            List<Path> orphans = fileSystems.orphans(Set.of(catalogued.path()));

            // then
            assertThat(orphans).extracting(Path::toString).containsExactly(orphan.path());
            assertThat(fileSystems.delete(orphans.get(0))).isTrue();
            assertThat(fileSystems.orphans(Set.of(catalogued.path()))).isEmpty();
            ParquetSegmentReader.verify(fileSystems.fileSystem(), catalogued);
        }

        @Test
        void findsNoOrphansInAnEmptyArchive() {
            assertThat(fileSystems.orphans(Set.of())).isEmpty();
        }

        @Test
        void neverLogsOrShowsTheSecretKey() {
            assertThat(server.settings().toString()).doesNotContain(S3ProxyServer.SECRET_KEY);
        }
    }

    @Nested
    class WhenTheServerStops {

        private S3ProxyServer failing;
        private ArchiveFileSystems fileSystems;
        private ArchiveLayout layout;

        @BeforeEach
        void startAnotherServer() {
            failing = S3ProxyServer.start(dir.resolve("s3"));
            failing.createBucket(BUCKET);
            layout = ArchiveLayout.of("s3a://" + BUCKET + "/outage");
            fileSystems = new ArchiveFileSystems(layout, failing.settings(), dir.resolve("tmp"));
        }

        @AfterEach
        void close() {
            failing.stop();
            fileSystems.close();
        }

        @Test
        void failsToFinishASegmentNamingItsPath() {
            // given a segment whose events are written but not yet uploaded
            Path path = layout.segment(DAY, "outage", 0);
            ParquetSegmentWriter writer = ParquetSegmentWriter.create(fileSystems.fileSystem(), path, DAY,
                    SegmentWriteOptions.defaults());
            EVENTS.forEach(writer::write);

            // when the server goes away before close
            failing.stop();

            // then
            assertThatThrownBy(writer::finish)
                    .isInstanceOf(SegmentStorageException.class)
                    .hasMessageContaining("s3a://" + BUCKET + "/outage/events/date=2026-11-01/seg-outage-0.parquet")
                    .hasMessageNotContaining(S3ProxyServer.SECRET_KEY);
        }

        @Test
        void failsToVerifyASegmentNamingItsPath() {
            // given
            SegmentInfo info = ParquetSegmentWriter.write(fileSystems.fileSystem(), layout.segment(DAY, "outage", 1),
                    DAY, SegmentWriteOptions.defaults(), EVENTS);

            // when
            failing.stop();

            // then
            assertThatThrownBy(() -> ParquetSegmentReader.verify(fileSystems.fileSystem(), info))
                    .isInstanceOf(SegmentVerificationException.class)
                    .hasMessageContaining(info.path());
        }
    }
}
