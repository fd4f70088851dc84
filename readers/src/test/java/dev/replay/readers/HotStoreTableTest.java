package dev.replay.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HotStoreTableTest {

    @Test
    @DisplayName("Issue 17: identifiers of a mapped table are quoted once, embedded quotes doubled")
    void quotesMappedIdentifiers() {
        HotStoreTable table = HotStoreTable.of("Ledger.domain\"events", Map.of(HotStoreColumn.EVENT_ID, "Id"));

        assertThat(table.sql()).isEqualTo("\"Ledger\".\"domain\"\"events\"");
        assertThat(table.sql(HotStoreColumn.EVENT_ID)).isEqualTo("\"Id\"");
        assertThat(table.has(HotStoreColumn.METADATA)).isFalse();
        assertThat(table.commitOrderName()).isEqualTo("replay_tx_id");
    }

    @Test
    @DisplayName("Issue 17: the default events table is the platform's own, with tx_id")
    void defaultTable() {
        assertThat(HotStoreTable.of("events", Map.of())).isSameAs(HotStoreTable.DEFAULT);
        assertThat(HotStoreTable.DEFAULT.commitOrderName()).isEqualTo("tx_id");
        assertThat(HotStoreTable.DEFAULT.has(HotStoreColumn.METADATA)).isTrue();
        assertThatThrownBy(() -> HotStoreTable.of("events", Map.of(HotStoreColumn.EVENT_ID, "id")))
                .hasMessageContaining("replay.hot.columns");
    }

    @Test
    @DisplayName("Issue 17: a full replay's bound takes rows without a commit order in, a catch-up's leaves them out")
    void nullCommitOrderIsBelowEveryMark() {
        HotStoreTable table = HotStoreTable.of("domain_events", Map.of());

        assertThat(table.withinMark(HighWaterMark.fullReplay(10)).sql())
                .isEqualTo("(\"replay_tx_id\" < ?::text::xid8 or \"replay_tx_id\" is null)");
        assertThat(table.withinMark(new HighWaterMark(5, 10)).sql())
                .isEqualTo("\"replay_tx_id\" >= ?::text::xid8 and \"replay_tx_id\" < ?::text::xid8");
        assertThat(HotStoreTable.DEFAULT.withinMark(HighWaterMark.fullReplay(10)).sql())
                .isEqualTo("tx_id >= ?::text::xid8 and tx_id < ?::text::xid8");
    }
}
