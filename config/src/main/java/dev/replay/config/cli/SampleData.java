package dev.replay.config.cli;

import dev.replay.config.ReplayProperties;
import dev.replay.readers.HotStore;
import dev.replay.readers.sample.SampleEventSeeder;
import dev.replay.readers.sample.SeedSpec;

/** Seeds sample events for the commands that need them (seed, demo, bench), with progress on stderr. */
final class SampleData {

    private SampleData() {
    }

    /** Appends the spec's events through the application's DataSource; returns the finished progress. */
    static Progress seed(ReplayCommand parent, SeedSpec spec) {
        ApplicationRuntime runtime = parent.runtime();
        ReplayProperties properties = runtime.bean(ReplayProperties.class);
        SampleEventSeeder seeder = new SampleEventSeeder(runtime.bean(HotStore.class).appender(),
                properties.seedBatchSize(), properties.seedWriters());
        Progress progress = Progress.of(runtime, parent.err(), "seed", spec.events());
        try {
            seeder.seed(spec, progress::update);
        } finally {
            progress.finish();
        }
        return progress;
    }
}
