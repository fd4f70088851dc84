package dev.replay.readers.upcast;

import dev.replay.readers.Event;
import java.util.Objects;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * The processor of a replay step that upcasts each event it reads ({@link Upcasters#upcast}) before
 * the writer (a projection, an export sink) sees it. Never filters: every event comes out, at the
 * newest schema version the chain reaches. Add it only when the chain is not
 * {@linkplain Upcasters#isEmpty() empty}; without upcasters the step needs no processor.
 *
 * <p>Stateless and thread-safe when the upcasters are; no restart state (a resumed step reads
 * the stored events again and upcasts them again, to the same payloads).
 */
public class UpcastingItemProcessor implements ItemProcessor<Event, Event> {

    private final Upcasters upcasters;

    public UpcastingItemProcessor(Upcasters upcasters) {
        this.upcasters = Objects.requireNonNull(upcasters, "upcasters");
    }

    @Override
    public Event process(Event event) {
        return upcasters.upcast(event);
    }

    public Upcasters upcasters() {
        return upcasters;
    }
}
