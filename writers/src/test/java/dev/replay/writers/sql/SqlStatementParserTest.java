package dev.replay.writers.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Issue 14: the parameter parser of SQL projections")
class SqlStatementParserTest {

    private static List<String> names(SqlStatement statement) {
        return statement.parameters().stream().map(SqlParameter::name).toList();
    }

    @Nested
    class Parameters {

        @Test
        @DisplayName("Issue 14: event fields and payload paths become JDBC parameters in order")
        void namedParametersBecomeJdbcParameters() {
            SqlStatement statement = SqlStatement.parse("insert into t values (:aggregate_id, :data.owner.name,"
                    + " :version, :occurred_at)");

            assertThat(statement.render(table -> table)).isEqualTo("insert into t values (?, ?, ?, ?)");
            assertThat(names(statement)).containsExactly("aggregate_id", "data.owner.name", "version", "occurred_at");
            assertThat(statement.parameters().get(1).path()).containsExactly("owner", "name");
            assertThat(statement.readsPayload()).isTrue();
        }

        @Test
        @DisplayName("Issue 14: :data.x::numeric is the parameter data.x, then a cast")
        void aCastAfterAParameterIsACast() {
            SqlStatement statement = SqlStatement.parse("select :data.x::numeric, 1::int, :version::text");

            assertThat(statement.render(table -> table)).isEqualTo("select ?::numeric, 1::int, ?::text");
            assertThat(names(statement)).containsExactly("data.x", "version");
        }

        @Test
        @DisplayName("Issue 14: colons in string literals, quoted identifiers, comments and dollar quotes are text")
        void colonsInsideLiteralsAreNotParameters() {
            String sql = "select ':x', E'\\':y', \"a:b\", $$ :z $$, $t$ :w $t$ -- :c\n/* :d */, :event_type";

            SqlStatement statement = SqlStatement.parse(sql);

            assertThat(names(statement)).containsExactly("event_type");
            assertThat(statement.render(table -> table)).isEqualTo(sql.replace(":event_type", "?"));
        }

        @Test
        @DisplayName("Issue 14: a doubled quote inside a string does not end it")
        void doubledQuotesStayInTheString() {
            assertThat(names(SqlStatement.parse("select 'it''s :x', :version"))).containsExactly("version");
        }

        @Test
        @DisplayName("Issue 14: := and array slices are left to PostgreSQL")
        void colonsBeforeNonLettersAreLeftAlone() {
            assertThat(SqlStatement.parse("select f(a := 1), x[1:2]").parameters()).isEmpty();
        }

        @Test
        @DisplayName("Issue 14: a literal ? is escaped for JDBC")
        void questionMarksAreEscaped() {
            assertThat(SqlStatement.parse("select :data.tags ?| array['a']").render(t -> t))
                    .isEqualTo("select ? ??| array['a']");
        }

        @Test
        @DisplayName("Issue 14: an unknown parameter names it and the known ones")
        void unknownParametersAreRefused() {
            assertThatThrownBy(() -> SqlStatement.parse("select :foo"))
                    .hasMessageContaining("unknown parameter :foo").hasMessageContaining(":event_id");
            assertThatThrownBy(() -> SqlStatement.parse("select :data"))
                    .hasMessageContaining("unknown parameter :data");
        }
    }

    @Nested
    class Placeholders {

        @Test
        @DisplayName("Issue 14: {table} placeholders render as the tables they map to")
        void placeholdersRender() {
            SqlStatement statement = SqlStatement.parse("insert into {order_stat} as s select * from { other }"
                    + " where '{not_me}' <> ''");

            assertThat(statement.placeholders()).containsExactly("order_stat", "other");
            assertThat(statement.render(table -> table + "__b3"))
                    .isEqualTo("insert into order_stat__b3 as s select * from other__b3 where '{not_me}' <> ''");
        }

        @Test
        @DisplayName("Issue 14: a malformed placeholder or an unterminated literal is refused with its position")
        void malformedTextIsRefused() {
            assertThatThrownBy(() -> SqlStatement.parse("insert into {Order} values (1)"))
                    .hasMessageContaining("malformed placeholder at character 13");
            assertThatThrownBy(() -> SqlStatement.parse("select 'open"))
                    .hasMessageContaining("unterminated string literal at character 8");
            assertThatThrownBy(() -> SqlStatement.parse("  ")).hasMessageContaining("empty");
        }

        @Test
        @DisplayName("Issue 14: the words outside literals are collected, lower-cased")
        void wordsAreCollected() {
            assertThat(SqlStatement.parse("UPDATE Account_Stat set n = 'order_stat'").words())
                    .contains("update", "account_stat", "set", "n").doesNotContain("order_stat");
        }
    }
}
