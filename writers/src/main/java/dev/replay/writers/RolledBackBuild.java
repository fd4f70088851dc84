package dev.replay.writers;

/**
 * What a rollback did ({@link ReadModelBuilds#rollback}): {@code liveBuild} is live again with the
 * high-water mark it was retired with, and {@code previousBuild}, live until then, is a kept copy.
 *
 * @param highWaterMark the mark saved with the build that is live now, null when it has none
 */
public record RolledBackBuild(String projection, long liveBuild, long previousBuild, String highWaterMark) {
}
