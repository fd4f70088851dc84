package dev.replay.jobs.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.writers.builtin.AccountBalanceProjection;
import dev.replay.writers.builtin.EventCountProjection;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProjectionsTest {

    @Test
    @DisplayName("Issue 14: two projections with one name fail with a ProjectionNameClashException naming the name and both sources")
    void nameClashNamesBothSources() {
        AccountBalanceProjection builtIn = new AccountBalanceProjection();
        List<ProjectionSource> sources = List.of(ProjectionSource.of(builtIn),
                new ProjectionSource(new AccountBalanceProjection(), "orders-plugin.jar"));

        assertThatThrownBy(() -> Projections.of(sources)).isInstanceOf(ProjectionNameClashException.class)
                .hasMessageContaining("Two projections are named account-balances")
                .hasMessageContaining("built-in").hasMessageContaining("orders-plugin.jar");
    }

    @Test
    void listsEverySourceByName() {
        Projections projections = Projections.of(List.of(new ProjectionSource(new EventCountProjection(), "sql"),
                ProjectionSource.of(new AccountBalanceProjection())));

        assertThat(projections.sources()).extracting(ProjectionSource::source).containsExactly("built-in", "sql");
        assertThat(projections.names()).containsExactly("account-balances", "event-counts");
    }
}
