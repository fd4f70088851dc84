package dev.replay.config.serve;

import dev.replay.config.ProjectionListing;
import dev.replay.jobs.rebuild.Projections;
import dev.replay.readers.HotStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * What {@code serve} adds to watch the projections: their status ({@link ProjectionListing}) and
 * its short-lived cache, the lag samples taken every {@code replay.serve.projections.lag-sample-interval}
 * on a daemon thread of their own, and the {@code projections} health component.
 */
@Configuration(proxyBeanMethods = false)
@Profile("serve")
class ProjectionStatusConfiguration {

    @Bean
    ProjectionListing projectionListing(Projections projections, HotStore hotStore) {
        return new ProjectionListing(projections, hotStore);
    }

    @Bean
    ProjectionStatusCache projectionStatusCache(ProjectionListing listing) {
        return new ProjectionStatusCache(listing, ProjectionStatusCache.MAX_AGE);
    }

    /** Samples the lag from start-up on, until the context closes. */
    @Bean(destroyMethod = "close")
    ProjectionLagSamples projectionLagSamples(ProjectionStatusCache statuses, ProjectionStatusProperties properties) {
        ProjectionLagSamples samples = new ProjectionLagSamples();
        samples.start(statuses::current, properties.lagSampleInterval());
        return samples;
    }

    @Bean
    ProjectionsHealthIndicator projectionsHealthIndicator(ProjectionStatusCache statuses,
                                                          ProjectionStatusProperties properties) {
        return new ProjectionsHealthIndicator(statuses, properties);
    }
}
