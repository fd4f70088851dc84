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
}
