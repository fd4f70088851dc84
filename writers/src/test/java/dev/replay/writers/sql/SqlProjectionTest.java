package dev.replay.writers.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SqlProjectionTest {

    private static final Map<String, String> TABLES = Map.of("order_stat", "customer text primary key, orders bigint");

    private static SqlProjection projection(Map<String, String> tables, String statement) {
        return new SqlProjection("order-stats", false, tables, Map.of("OrderPlaced", statement));
    }

    @Test
    @DisplayName("Issue 14: a SQL projection handles the event types it has statements for, with the declared tables")
    void declaresItsTypesAndTables() {
        SqlProjection projection = projection(TABLES, "insert into {order_stat} values (:data.customer, 1)");

        assertThat(projection.name()).isEqualTo("order-stats");
        assertThat(projection.eventTypes()).containsExactly("OrderPlaced");
        assertThat(projection.tables()).containsExactly("order_stat");
        assertThat(projection.perAggregate()).isFalse();
    }

    @Test
    @DisplayName("Issue 14: an unknown placeholder names the projection, the event type and the declared tables")
    void unknownPlaceholder() {
        assertThatThrownBy(() -> projection(TABLES, "insert into {orders} values (1)"))
                .isInstanceOf(SqlProjectionException.class)
                .hasMessage("SQL projection [order-stats], event type OrderPlaced: unknown placeholder {orders}:"
                        + " the table is not declared under tables, which declares [order_stat]");
    }

    @Test
    @DisplayName("Issue 14: a declared table named without braces, or an unknown parameter, is refused")
    void bareTablesAndUnknownParameters() {
        assertThatThrownBy(() -> projection(TABLES, "insert into order_stat values (1)"))
                .hasMessageStartingWith("SQL projection [order-stats], event type OrderPlaced: uses table order_stat"
                        + " without braces");
        assertThatThrownBy(() -> projection(TABLES, "insert into {order_stat} values (:customer)"))
                .hasMessageStartingWith("SQL projection [order-stats], event type OrderPlaced: unknown parameter :customer");
    }

    @Test
    @DisplayName("Issue 14: a table name a build cannot copy, or no statement at all, is refused")
    void badTablesAndNoStatements() {
        assertThatThrownBy(() -> projection(Map.of("Orders", "n int"), "select 1"))
                .hasMessageStartingWith("SQL projection [order-stats], tables: table name must be a lower-case SQL identifier");
        assertThatThrownBy(() -> new SqlProjection("order-stats", false, TABLES, Map.of()))
                .hasMessage("SQL projection [order-stats], on: declares no statement for any event type");
    }
}
