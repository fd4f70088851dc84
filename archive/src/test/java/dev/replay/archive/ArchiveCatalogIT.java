package dev.replay.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.EventKey;
import dev.replay.readers.testing.TestDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class ArchiveCatalogIT {

    private TestDatabase database;
    private ArchiveCatalog catalog;
    private TransactionTemplate transactions;

    @BeforeEach
    void migrate() {
        database = TestDatabase.create();
        catalog = new ArchiveCatalog(database.dataSource());
        transactions = new TransactionTemplate(new DataSourceTransactionManager(database.dataSource()));
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** A segment spanning [from, to] with keys at those instants. */
    private static SegmentInfo segment(String name, String from, String to, long firstVersion) {
        Instant min = Instant.parse(from);
        Instant max = Instant.parse(to);
        return new SegmentInfo("s3a://bucket/events/date=" + ArchiveLayout.partitionDate(min) + "/" + name + ".parquet",
                ArchiveLayout.partitionDate(min), 100, new EventKey(min, firstVersion, UUID.randomUUID()),
                new EventKey(max, 1, UUID.randomUUID()), min, max, 4096, "sha256:" + "a".repeat(64));
    }

    @Nested
    class Adding {

        @Test
        void recordsEverythingTheWriterReported() {
            // given
            SegmentInfo info = segment("seg-r1-0", "2026-11-01T00:00:00.000001Z", "2026-11-01T23:59:59.999999Z", 3);

            // when
            ArchivedSegment added = catalog.add(info, "r1");

            // then
            assertThat(catalog.list()).containsExactly(added);
            assertThat(added.info()).isEqualTo(info);
            assertThat(added.runId()).isEqualTo("r1");
            assertThat(added.segmentId()).isPositive();
            assertThat(catalog.paths()).containsExactly(info.path());
        }

        @Test
        void leavesNothingWhenTheCallersTransactionRollsBack() {
            // given
            SegmentInfo info = segment("seg-r1-0", "2026-11-01T01:00:00Z", "2026-11-01T02:00:00Z", 1);

            // when the catalog insert and a hot-store delete share one transaction that fails
            transactions.executeWithoutResult(status -> {
                catalog.add(info, "r1");
                new JdbcTemplate(database.dataSource()).update("delete from events where occurred_at < ?",
                        java.sql.Timestamp.from(info.maxOccurredAt()));
                status.setRollbackOnly();
            });

            // then
            assertThat(catalog.list()).isEmpty();
            assertThat(catalog.paths()).isEmpty();
        }

        @Test
        void commitsWithTheCallersTransaction() {
            // given
            SegmentInfo info = segment("seg-r1-0", "2026-11-01T01:00:00Z", "2026-11-01T02:00:00Z", 1);

            // when
            transactions.executeWithoutResult(status -> catalog.add(info, "r1"));

            // then
            assertThat(catalog.paths()).containsExactly(info.path());
        }

        @Test
        void refusesTheSamePathTwiceNamingIt() {
            // given
            SegmentInfo info = segment("seg-r1-0", "2026-11-01T01:00:00Z", "2026-11-01T02:00:00Z", 1);
            catalog.add(info, "r1");

            // when / then
            assertThatThrownBy(() -> catalog.add(info, "r2"))
                    .isInstanceOf(DuplicateKeyException.class)
                    .hasMessageContaining(info.path());
        }
    }

    @Nested
    class Listing {

        private SegmentInfo dayTwo;
        private SegmentInfo dayOneLate;
        private SegmentInfo dayOneEarly;
        private SegmentInfo dayOneTie;

        @BeforeEach
        void addOutOfOrder() {
            dayTwo = segment("seg-b-0", "2026-11-02T00:00:00Z", "2026-11-02T12:00:00Z", 1);
            dayOneLate = segment("seg-a-1", "2026-11-01T12:00:00.5Z", "2026-11-01T23:00:00Z", 1);
            // same instant as dayOneLate's first key written without fraction digits in text: sorts by key, not text
            dayOneEarly = segment("seg-a-0", "2026-11-01T12:00:00Z", "2026-11-01T12:00:00.4Z", 1);
            dayOneTie = segment("seg-a-2", "2026-11-01T23:00:00Z", "2026-11-01T23:30:00Z", 10);
            catalog.add(dayTwo, "b");
            catalog.add(dayOneTie, "a");
            catalog.add(dayOneLate, "a");
            catalog.add(dayOneEarly, "a");
        }

        @Test
        void listsByPartitionDateThenFirstKey() {
            assertThat(catalog.list()).extracting(ArchivedSegment::info)
                    .containsExactly(dayOneEarly, dayOneLate, dayOneTie, dayTwo);
        }

        @Test
        void listsTheSegmentsOverlappingAHalfOpenRange() {
            // when / then
            assertThat(catalog.listOverlapping(Instant.parse("2026-11-01T12:00:00.4Z"), Instant.parse("2026-11-01T23:00:00Z")))
                    .extracting(ArchivedSegment::info).containsExactly(dayOneEarly, dayOneLate);
            assertThat(catalog.listOverlapping(Instant.parse("2026-11-01T23:10:00Z"), Instant.parse("2026-11-03T00:00:00Z")))
                    .extracting(ArchivedSegment::info).containsExactly(dayOneTie, dayTwo);
            assertThat(catalog.listOverlapping(Instant.parse("2026-11-03T00:00:00Z"), Instant.parse("2026-11-04T00:00:00Z")))
                    .isEmpty();
        }

        @Test
        void refusesARangeThatEndsBeforeItStarts() {
            assertThatThrownBy(() -> catalog.listOverlapping(Instant.parse("2026-11-02T00:00:00Z"),
                    Instant.parse("2026-11-01T00:00:00Z")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("2026-11-02T00:00:00Z after 2026-11-01T00:00:00Z");
        }
    }
}
