package dev.replay.config.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, or "development" when run from classes. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = ReplayCommand.class.getPackage().getImplementationVersion();
        return new String[] {"replay " + (version == null ? "development" : version)};
    }
}
