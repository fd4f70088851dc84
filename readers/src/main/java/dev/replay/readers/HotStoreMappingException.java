package dev.replay.readers;

/**
 * The hot store's table is not what its mapping says: missing, a mapped column missing or of a type
 * replays cannot read, or a mapped table not yet adopted. The message names the property, the
 * physical name and what was found.
 */
public class HotStoreMappingException extends IllegalArgumentException {

    public HotStoreMappingException(String message) {
        super(message);
    }
}
