package dev.replay.writers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class ReadModelTargetTest {

    private final JdbcTemplate jdbc = new JdbcTemplate();

    @Test
    void namesTheTablesOfABuildWithTheBuildSuffix() {
        // given
        RecordingProjection projection = new RecordingProjection(List.of("account_balance", "ledger"));

        // when
        ReadModelTarget target = ReadModelTarget.forBuild(jdbc, projection, 3);

        // then
        assertThat(target.table("account_balance")).isEqualTo("account_balance__b3");
        assertThat(target.table("ledger")).isEqualTo("ledger__b3");
        assertThat(target.build()).isEqualTo(3);
    }

    @Test
    void rejectsATableTheProjectionDoesNotDeclareNamingIt() {
        // given
        ReadModelTarget target = ReadModelTarget.forBuild(jdbc, new RecordingProjection(List.of("ledger")), 1);

        // when / then
        assertThatThrownBy(() -> target.table("ledgers"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ledgers'")
                .hasMessageContaining("[ledger]");
    }

    @Test
    void rejectsTableNamesThatAreNotPlainIdentifiersNamingTheValue() {
        for (String bad : List.of("Account_Balance", "account-balance", "x; drop table events", "1abc",
                "balance__b2", "a".repeat(49))) {
            assertThatThrownBy(() -> ReadModelTarget.forBuild(jdbc, new RecordingProjection(List.of(bad)), 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad);
        }
    }

    @Test
    void buildTargetsAreBuildingAndLiveOnesAreNot() {
        // given
        RecordingProjection projection = new RecordingProjection(List.of("ledger"));

        // when / then
        assertThat(ReadModelTarget.forBuild(jdbc, projection, 3).building()).isTrue();
        assertThat(ReadModelTarget.forLiveBuild(jdbc, projection, 3).building()).isFalse();
        assertThat(ReadModelTarget.forLiveBuild(jdbc, projection, 3).table("ledger")).isEqualTo("ledger__b3");
        assertThat(ReadModelTarget.direct(jdbc, projection).building()).isFalse();
    }

    @Test
    void namesWorkTablesAfterThePhysicalTableOfABuildInProgressOnly() {
        // given
        RecordingProjection projection = new RecordingProjection(List.of("ledger"));

        // when / then
        assertThat(ReadModelTarget.forBuild(jdbc, projection, 3).workTable("ledger", "delta"))
                .isEqualTo("ledger__b3__delta");
        assertThatThrownBy(() -> ReadModelTarget.forLiveBuild(jdbc, projection, 3).workTable("ledger", "delta"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'delta'");
        assertThatThrownBy(() -> ReadModelTarget.forBuild(jdbc, projection, 3).workTable("ledger", "Delta"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Delta'");
        assertThatThrownBy(() -> ReadModelTarget.forBuild(jdbc, new RecordingProjection(List.of("a".repeat(48))), 123_456)
                .workTable("a".repeat(48), "deltas"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 63");
    }

    @Test
    void rejectsStableNamesThatLookLikeWorkTables() {
        assertThatThrownBy(() -> ReadModelTarget.forBuild(jdbc, new RecordingProjection(List.of("ledger__b2__delta")), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ledger__b2__delta'");
    }
}
