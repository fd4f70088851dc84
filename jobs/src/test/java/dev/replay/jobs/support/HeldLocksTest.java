package dev.replay.jobs.support;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.jobs.launch.JobLock;
import dev.replay.readers.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** HeldLocks over real session advisory locks of the embedded database, their sessions ended from outside. */
class HeldLocksTest {

    private static final String KEY = HeldLocks.rebuild("held-locks-test");

    private TestDatabase database;
    private JdbcTemplate jdbc;

    @BeforeEach
    void start() {
        database = TestDatabase.create(false);
        jdbc = new JdbcTemplate(database.dataSource());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    @DisplayName("Issue 13: a held lock verifies, a lock whose session ended fails verify naming the lock")
    void aLostSessionFailsVerify() {
        try (JobLock lock = JobLock.acquireExclusive(database.dataSource(), KEY, () -> { })) {
            // given
            assertThatCode(() -> HeldLocks.verify(KEY)).doesNotThrowAnyException();

            // when: the server ends the lock's session (a restart, pg_terminate_backend, an idle timeout)
            terminateHoldersOf(KEY);

            // then
            assertThatThrownBy(() -> HeldLocks.verify(KEY)).isInstanceOf(LostLockException.class)
                    .hasMessageContaining("Lost the advisory lock " + KEY);
        }
    }

    @Test
    @DisplayName("Issue 13: a key this process holds no lock under is not checked, nor one whose lock was closed")
    void keysWithoutLocksAreNotChecked() {
        // given
        JobLock lock = JobLock.acquireExclusive(database.dataSource(), KEY, () -> { });
        terminateHoldersOf(KEY);

        // when
        lock.close();

        // then
        assertThatCode(() -> HeldLocks.verify(KEY, HeldLocks.ARCHIVE_TIER)).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("Issue 13: of two shared locks under one key, a lost one fails verify though the other is held")
    void oneLostSharedLockFailsTheKey() {
        try (JobLock first = JobLock.acquireShared(database.dataSource(), HeldLocks.ARCHIVE_TIER, () -> { })) {
            // given
            int firstPid = holders(HeldLocks.ARCHIVE_TIER).get(0);
            try (JobLock second = JobLock.acquireShared(database.dataSource(), HeldLocks.ARCHIVE_TIER, () -> { })) {

                // when
                jdbc.queryForObject("select pg_terminate_backend(?)", Boolean.class, firstPid);

                // then
                assertThatThrownBy(() -> HeldLocks.verify(HeldLocks.ARCHIVE_TIER)).isInstanceOf(LostLockException.class);
            }
        }
    }

    private List<Integer> holders(String key) {
        return jdbc.queryForList("select pid from pg_locks where locktype = 'advisory' and granted"
                + " and database = (select oid from pg_database where datname = current_database())"
                + " and ((classid::bigint << 32) | objid::bigint) = hashtext(?)::bigint order by pid", Integer.class, key);
    }

    private void terminateHoldersOf(String key) {
        holders(key).forEach(pid -> jdbc.queryForObject("select pg_terminate_backend(?)", Boolean.class, pid));
    }
}
