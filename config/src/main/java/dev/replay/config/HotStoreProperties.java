package dev.replay.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The hot store's optional read replica under {@code replay.hot.read-replica.*}. When its URL is
 * set, replays read events (and capture their high-water marks) there; writes, the catalog and
 * the job metadata stay on the primary {@code spring.datasource}.
 */
@ConfigurationProperties("replay.hot")
public record HotStoreProperties(ReadReplica readReplica) {

    public HotStoreProperties {
        readReplica = readReplica == null ? new ReadReplica(null, null, null) : readReplica;
    }

    /** Connection settings of the replica; the password never appears in logs or messages. */
    public record ReadReplica(String url, String username, String password) {

        public boolean configured() {
            return url != null && !url.isBlank();
        }
    }
}
