package dev.replay.writers;

import static dev.replay.writers.TestEvents.deposited;
import static dev.replay.writers.TestEvents.event;
import static dev.replay.writers.TestEvents.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.Event;
import dev.replay.writers.builder.ProjectionItemWriterBuilder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.jdbc.core.JdbcTemplate;

class ProjectionItemWriterTest {

    private final RecordingProjection projection = new RecordingProjection(List.of());
    private final ProjectionItemWriter writer = new ProjectionItemWriterBuilder().projection(projection)
            .target(ReadModelTarget.direct(new JdbcTemplate(), projection)).build();

    @Test
    void appliesOnlyHandledTypesInReplayOrderAsOneBatch() {
        // given
        Event first = deposited("a-1", 2, "1.00");
        Event second = deposited("a-2", 2, "2.00");

        // when
        writer.write(Chunk.of(opened("a-1"), first, opened("a-2"), second));

        // then
        assertThat(projection.applied).hasSize(1);
        assertThat(projection.applied.get(0)).extracting(ProjectedEvent::event).containsExactly(first, second);
    }

    @Test
    void skipsUnknownTypesWithoutParsingTheirPayload() {
        // given
        Event unknown = event("a-1", 3, "SomethingElse", "{this is not json");

        // when
        writer.write(Chunk.of(deposited("a-1", 2, "1.00"), unknown));

        // then
        assertThat(projection.applied.get(0)).extracting(ProjectedEvent::eventType).containsExactly("Deposited");
    }

    @Test
    void failsTheChunkOnAMalformedHandledPayloadNamingTheEventBeforeApplyingAnything() {
        // given
        Event malformed = event("a-1", 3, "Deposited", "{\"amount\": ");

        // when / then
        assertThatThrownBy(() -> writer.write(Chunk.of(deposited("a-1", 2, "1.00"), malformed)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(malformed.eventId().toString());
        assertThat(projection.applied).isEmpty();
    }

    @Test
    void handsTheProjectionEveryTypeWhenItsTypesAreEmpty() {
        // given
        RecordingProjection all = new RecordingProjection(List.of(), Set.of());
        ProjectionItemWriter allWriter = new ProjectionItemWriterBuilder().projection(all)
                .target(ReadModelTarget.direct(new JdbcTemplate(), all)).build();

        // when
        allWriter.write(Chunk.of(opened("a-1"), deposited("a-1", 2, "1.00"), event("a-1", 3, "Other", "{}")));

        // then
        assertThat(all.applied.get(0)).extracting(ProjectedEvent::eventType)
                .containsExactly("AccountOpened", "Deposited", "Other");
    }

    @Test
    void callsNothingForAChunkWithoutHandledEvents() {
        // when
        writer.write(Chunk.of(opened("a-1")));

        // then
        assertThat(projection.applied).isEmpty();
    }

    @Test
    void rejectsATargetOfAnotherProjection() {
        // given
        RecordingProjection other = new RecordingProjection(List.of()) {
            @Override
            public String name() {
                return "other";
            }
        };

        // when / then
        assertThatThrownBy(() -> new ProjectionItemWriterBuilder().projection(projection)
                .target(ReadModelTarget.direct(new JdbcTemplate(), other)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("recording");
    }
}
