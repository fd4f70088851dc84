package dev.replay.archive.storage;

import java.net.URI;

/**
 * One file or directory found by {@link StorageConnection#list}.
 *
 * @param uri its full URI
 * @param name the last name of its path
 * @param directory whether it is a directory
 * @param length its bytes; 0 for a directory
 */
public record StorageEntry(URI uri, String name, boolean directory, long length) {
}
