package dev.replay.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ArchiveLayoutTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 1);

    @Nested
    class Paths {

        @Test
        void placesSegmentsInHiveStyleDayPartitions() {
            assertThat(ArchiveLayout.of("s3a://bucket/prefix/").segment(DAY, "run-7", 3))
                    .hasToString("s3a://bucket/prefix/events/date=2026-11-01/seg-run-7-3.parquet");
            assertThat(ArchiveLayout.of("file:///var/replay/archive").segment(DAY, "r", 0))
                    .hasToString("file:/var/replay/archive/events/date=2026-11-01/seg-r-0.parquet");
            assertThat(ArchiveLayout.of("s3a://bucket").partition(DAY)).hasToString("s3a://bucket/events/date=2026-11-01");
        }

        @Test
        void partitionsByTheUtcDay() {
            assertThat(ArchiveLayout.partitionDate(Instant.parse("2026-11-01T23:59:59.999999Z"))).isEqualTo(DAY);
            assertThat(ArchiveLayout.partitionDate(Instant.parse("2026-11-02T00:00:00Z"))).isEqualTo(DAY.plusDays(1));
        }

        @Test
        @DisplayName("Issue 15: the UTC day, computed without zone rules, is LocalDate.ofInstant's, before 1970 and at the finite bound too")
        void partitionDateMatchesLocalDateOfInstant() {
            for (String at : List.of("1969-12-31T23:59:59.999999Z", "1970-01-01T00:00:00Z", "1900-03-01T12:00:00Z",
                    "-4712-01-01T00:00:00Z", "-4712-01-01T23:59:59Z", "2026-07-01T23:59:59.999999999Z", "9999-12-31T23:59:59Z")) {
                Instant instant = Instant.parse(at);
                assertThat(ArchiveLayout.partitionDate(instant)).as(at)
                        .isEqualTo(LocalDate.ofInstant(instant, ZoneOffset.UTC));
            }
        }

        @Test
        void recognisesSegmentFilesByName() {
            assertThat(ArchiveLayout.isSegmentFile(new Path("s3a://b/events/date=2026-11-01/seg-r-0.parquet"))).isTrue();
            assertThat(ArchiveLayout.isSegmentFile(new Path("file:/a/events/date=2026-11-01/.seg-r-0.parquet.crc"))).isFalse();
            assertThat(ArchiveLayout.isSegmentFile(new Path("file:/a/events/date=2026-11-01/_SUCCESS"))).isFalse();
        }
    }

    @Nested
    class Validation {

        @Test
        void refusesOtherSchemesNamingTheValue() {
            assertThatThrownBy(() -> ArchiveLayout.of("hdfs://namenode/archive"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'hdfs://namenode/archive'");
            assertThatThrownBy(() -> ArchiveLayout.of("s3://bucket/archive"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'s3://bucket/archive'");
            assertThatThrownBy(() -> ArchiveLayout.of("relative/dir"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'relative/dir'");
        }

        @Test
        void refusesAnS3aUriWithoutBucket() {
            assertThatThrownBy(() -> ArchiveLayout.of("s3a:///prefix"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must name a bucket");
        }

        @Test
        void refusesCredentialsInTheUriWithoutShowingThem() {
            assertThatThrownBy(() -> ArchiveLayout.of("s3a://AKIA:topsecret@bucket/prefix"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("user info")
                    .hasMessageNotContaining("topsecret");
        }

        @Test
        void refusesRunIdsThatWouldLeaveThePartition() {
            ArchiveLayout layout = ArchiveLayout.of("s3a://bucket");
            assertThatThrownBy(() -> layout.segment(DAY, "../x", 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'../x'");
            assertThatThrownBy(() -> layout.segment(DAY, "r", -1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was -1");
        }
    }
}
