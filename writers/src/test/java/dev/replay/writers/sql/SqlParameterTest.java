package dev.replay.writers.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.writers.ProjectedEvent;
import dev.replay.writers.TestEvents;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SqlParameterTest {

    private static final ProjectedEvent EVENT = new ProjectedEvent(TestEvents.event("acct-1", 2, "Deposited",
            "{\"amount\": 12.50, \"big\": 1E+3, \"n\": 7, \"who\": \"Ada \\\"A\\\"\", \"none\": null,"
                    + " \"ok\": true, \"money\": {\"value\": \"12.50\", \"currency\": \"EUR\"}}"));

    private static String text(String name) {
        return SqlParameter.named(name).payloadText(EVENT);
    }

    @Test
    @DisplayName("Issue 14: :data.<field> is the JSON text of the value, a string without quotes")
    void payloadFieldsAreTheirJsonText() {
        assertThat(text("data.amount")).isEqualTo("12.50");
        assertThat(text("data.big")).isEqualTo("1000");
        assertThat(text("data.n")).isEqualTo("7");
        assertThat(text("data.who")).isEqualTo("Ada \"A\"");
        assertThat(text("data.ok")).isEqualTo("true");
        assertThat(text("data.money")).isEqualTo("{\"value\":\"12.50\",\"currency\":\"EUR\"}");
    }

    @Test
    @DisplayName("Issue 14: :data.<a>.<b> reads a nested field; absent and JSON null are SQL null")
    void nestedAndAbsentFields() {
        assertThat(text("data.money.currency")).isEqualTo("EUR");
        assertThat(text("data.none")).isNull();
        assertThat(text("data.missing")).isNull();
        assertThat(text("data.amount.value")).isNull();
    }

    @Test
    @DisplayName("Issue 14: the event fields are parameters; anything else is unknown")
    void eventFieldsAreKnown() {
        SqlParameter.EVENT_FIELDS.forEach(name -> assertThat(SqlParameter.named(name).readsPayload()).isFalse());
        assertThatThrownBy(() -> SqlParameter.named("data.a-b")).hasMessageContaining("unknown parameter :data.a-b");
        assertThatThrownBy(() -> SqlParameter.named("payload")).hasMessageContaining("unknown parameter :payload");
    }
}
