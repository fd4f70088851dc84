package dev.replay.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.jobs.archive.ArchiveRun;
import dev.replay.jobs.export.ExportRun;
import dev.replay.jobs.rebuild.RebuildMode;
import dev.replay.jobs.rebuild.RebuildRun;
import dev.replay.readers.HighWaterMark;
import dev.replay.readers.testing.TestDatabase;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;

/** The run ledger over each family's run table, on a real PostgreSQL migrated by the platform. */
class JdbcRunLedgerIT {

    private final TestDatabase database = TestDatabase.create();

    @AfterEach
    void close() {
        database.close();
    }

    @Nested
    class EachFamilysTable {

        @Test
        @DisplayName("Issue 13: the ledger records a rebuild run and reads it back as it was")
        void readsBackARebuildRun() {
            // given
            JdbcRunLedger<RebuildRun> ledger = new JdbcRunLedger<>(database.dataSource(), RebuildRun.TABLE);
            RebuildRun run = new RebuildRun(7, "account-balances", RebuildMode.CATCH_UP, 3, new HighWaterMark(40, 90), 1234);

            // when
            ledger.insert(run);

            // then
            assertThat(ledger.find(7)).contains(run);
            assertThat(ledger.get(7)).isEqualTo(run);
        }

        @Test
        @DisplayName("Issue 13: the ledger records an archive run and reads it back as it was")
        void readsBackAnArchiveRun() {
            // given
            JdbcRunLedger<ArchiveRun> ledger = new JdbcRunLedger<>(database.dataSource(), ArchiveRun.TABLE);
            ArchiveRun run = new ArchiveRun(8, "1765000000000", Instant.parse("2026-11-01T00:00:00Z"),
                    HighWaterMark.fullReplay(55), 42);

            // when
            ledger.insert(run);

            // then
            assertThat(ledger.get(8)).isEqualTo(run);
        }

        @Test
        @DisplayName("Issue 13: the ledger records an export run and reads it back as it was")
        void readsBackAnExportRun() {
            // given
            JdbcRunLedger<ExportRun> ledger = new JdbcRunLedger<>(database.dataSource(), ExportRun.TABLE);
            ExportRun run = new ExportRun(9, HighWaterMark.fullReplay(12), 0);

            // when
            ledger.insert(run);

            // then
            assertThat(ledger.get(9)).isEqualTo(run);
        }
    }

    @Nested
    class OneRowPerInstance {

        private final JdbcRunLedger<ExportRun> ledger = new JdbcRunLedger<>(database.dataSource(), ExportRun.TABLE);

        @Test
        @DisplayName("Issue 13: an instance without a run is empty, and getting it names the instance and the table")
        void anInstanceWithoutARunIsNamed() {
            // when / then
            assertThat(ledger.find(5)).isEmpty();
            assertThatThrownBy(() -> ledger.get(5)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Export job instance 5 has no export_run row; its prepare step did not commit");
        }

        @Test
        @DisplayName("Issue 13: a second run of the same job instance is refused")
        void refusesASecondRunOfAnInstance() {
            // given
            ledger.insert(new ExportRun(5, HighWaterMark.fullReplay(12), 3));

            // when / then
            assertThatThrownBy(() -> ledger.insert(new ExportRun(5, HighWaterMark.fullReplay(20), 4)))
                    .isInstanceOf(DuplicateKeyException.class);
            assertThat(ledger.get(5).eventsTotal()).isEqualTo(3);
        }

        @Test
        @DisplayName("Issue 13: a run joins the caller's transaction: rolled back with it, nothing is recorded")
        void joinsTheCallersTransaction() {
            // given
            TransactionTemplate transactions = new TransactionTemplate(new JdbcTransactionManager(database.dataSource()));

            // when
            transactions.executeWithoutResult(status -> {
                ledger.insert(new ExportRun(6, HighWaterMark.fullReplay(12), 3));
                status.setRollbackOnly();
            });

            // then
            assertThat(ledger.find(6)).isEmpty();
        }
    }
}
