package dev.replay.config.partitioning;

import java.net.URI;
import java.nio.file.Path;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Artemis broker a manager embeds for a single-machine setup: one TCP acceptor on the
 * configured host and port, no persistence (a request lost with the broker only makes its
 * partition time out; a restart of the job sends it again), no security. Started on first use,
 * so commands that hand out no partitions bind no port. Thread-safe.
 */
final class EmbeddedBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final URI url;
    private final Path directory;
    private EmbeddedActiveMQ server;

    EmbeddedBroker(String url, Path directory) {
        this.url = URI.create(url);
        this.directory = directory;
    }

    synchronized void start() {
        if (server != null) {
            return;
        }
        Configuration configuration = new ConfigurationImpl()
                .setPersistenceEnabled(false)
                .setSecurityEnabled(false)
                .setMaxDiskUsage(-1); // nothing is persisted, so a full disk must not block senders
        configuration.setBrokerInstance(directory.toFile());
        try {
            configuration.addAcceptorConfiguration("tcp", "tcp://" + url.getHost() + ":" + url.getPort());
            EmbeddedActiveMQ embedded = new EmbeddedActiveMQ().setConfiguration(configuration);
            embedded.start();
            server = embedded;
        } catch (Exception e) {
            throw new IllegalStateException("Failed to start the embedded broker at " + url + ": " + e.getMessage(), e);
        }
        log.info("Broker [{}]. Embedded broker started", url);
    }

    @Override
    public synchronized void close() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
