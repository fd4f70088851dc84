package dev.replay.writers.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.upcast.Upcasters;
import dev.replay.writers.ProjectionItemWriter;
import dev.replay.writers.ReadModelTarget;
import dev.replay.writers.builtin.AccountBalanceProjection;
import dev.replay.writers.builtin.EventCountProjection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

@DisplayName("Issue 13: the projection writer is built by a builder that validates at build")
class ProjectionItemWriterBuilderTest {

    private final AccountBalanceProjection projection = new AccountBalanceProjection();
    private final ReadModelTarget target = ReadModelTarget.direct(new JdbcTemplate(), projection);

    @Test
    void buildsAWriterWithTheDefaults() {
        // when
        ProjectionItemWriter writer = new ProjectionItemWriterBuilder().projection(projection).target(target).build();

        // then
        assertThat(writer.projection()).isSameAs(projection);
        assertThat(writer.target()).isSameAs(target);
        assertThat(writer.skipInvalid()).isFalse();
    }

    @Test
    void namesAMissingProjection() {
        assertThatThrownBy(() -> new ProjectionItemWriterBuilder().target(target).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("projection must be set, was null");
    }

    @Test
    void namesAMissingTarget() {
        assertThatThrownBy(() -> new ProjectionItemWriterBuilder().projection(projection).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("target must be set, was null");
    }

    @Test
    void namesUpcastersSetToNull() {
        assertThatThrownBy(() -> new ProjectionItemWriterBuilder().projection(projection).target(target)
                .upcasters((Upcasters) null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("upcasters must be set, was null");
    }

    @Test
    void refusesATargetOfAnotherProjectionNamingBoth() {
        ReadModelTarget other = ReadModelTarget.direct(new JdbcTemplate(), new EventCountProjection());

        assertThatThrownBy(() -> new ProjectionItemWriterBuilder().projection(projection).target(other).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target must belong to projection " + projection.name())
                .hasMessageContaining(other.toString());
    }
}
