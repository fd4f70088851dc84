package dev.replay.archive.sink;

import dev.replay.archive.storage.StorageConnection;
import dev.replay.readers.Event;
import java.io.IOException;
import java.net.URI;
import java.util.List;

/** How one format writes part files for {@link ExportParts}. Implementations are stateless. */
interface PartEncoder {

    /** The part files' extension, without the dot. */
    String extension();

    /** A chunk's events, in order, cut into the groups that each make one part. */
    List<List<Event>> split(List<? extends Event> chunk);

    /**
     * Writes one new part file (refusing an existing one) and closes it; returns its bytes as stored.
     * A failure may leave a partial file, which the caller deletes.
     */
    long write(StorageConnection storage, URI path, List<Event> events) throws IOException;
}
