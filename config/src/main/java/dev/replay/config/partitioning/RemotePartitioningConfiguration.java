package dev.replay.config.partitioning;

import dev.replay.config.ReplayProperties;
import dev.replay.jobs.rebuild.RebuildJobConfiguration;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.jms.ConnectionFactory;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.integration.partition.MessageChannelPartitionHandler;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.batch.core.step.Step;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.jms.core.JmsTemplate;

/**
 * Remote partitioning ({@code replay.partitioning.mode=remote}): Spring Batch Integration over an
 * Apache Artemis broker (JMS). The manager side is a {@link RemotePartitionHandler}, which the
 * rebuild job's partitioned step uses instead of local threads; the worker side is a
 * {@link PartitionWorker}, started only by the {@code worker} command and by {@code serve --worker}.
 * Manager and workers share the job repository in PostgreSQL: requests carry only the partition's
 * step execution id, and the manager learns of finished partitions by polling the repository, so
 * no reply queue is needed.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "replay.partitioning.mode", havingValue = PartitioningProperties.REMOTE)
public class RemotePartitioningConfiguration {

    @Bean
    ActiveMQConnectionFactory partitionConnectionFactory(PartitioningProperties properties) {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(properties.brokerUrl());
        factory.setConsumerWindowSize(0); // a worker holds no request it is not running: idle workers get them
        // a worker acknowledges a request once it has taken the partition (PartitionWorker), and runs it only once
        // the broker has confirmed that
        factory.setBlockOnAcknowledge(true);
        return factory;
    }

    @Bean(destroyMethod = "close")
    EmbeddedBroker embeddedPartitionBroker(PartitioningProperties properties, ReplayProperties replay) {
        Path directory = replay.dataDir().toAbsolutePath().resolve("broker");
        return new EmbeddedBroker(properties.brokerUrl(), directory);
    }

    @Bean
    RemotePartitionHandler rebuildRemotePartitionHandler(PartitioningProperties properties, JobRepository jobRepository,
                                                         ConnectionFactory partitionConnectionFactory,
                                                         EmbeddedBroker embeddedPartitionBroker, DataSource dataSource)
            throws Exception {
        JmsTemplate jms = new JmsTemplate(partitionConnectionFactory);
        jms.setDefaultDestinationName(properties.queue());
        jms.setMessageConverter(new StepExecutionRequestConverter());
        DirectChannel requests = new DirectChannel();
        requests.subscribe(message -> jms.convertAndSend(message.getPayload()));
        MessagingTemplate template = new MessagingTemplate(requests);

        MessageChannelPartitionHandler handler = new MessageChannelPartitionHandler();
        handler.setStepName(RebuildJobConfiguration.PARTITION_STEP);
        handler.setMessagingOperations(template);
        handler.setJobRepository(jobRepository); // no reply channel: poll the shared repository
        handler.setPollInterval(properties.pollInterval().toMillis());
        handler.setTimeout(properties.timeout().toMillis());
        handler.afterPropertiesSet();
        return new RemotePartitionHandler(handler, properties.embeddedBroker() ? embeddedPartitionBroker : null,
                jobRepository, RebuildJobConfiguration.PARTITION_STEP, new PartitionLiveness(dataSource),
                properties.livenessInterval());
    }

    @Bean(destroyMethod = "close")
    PartitionWorker partitionWorker(PartitioningProperties properties, ConnectionFactory partitionConnectionFactory,
                                    JobRepository jobRepository, Step rebuildPartitionStep, DataSource dataSource) {
        if (dataSource instanceof HikariDataSource hikari && hikari.getMaximumPoolSize() < 3 * properties.workerThreads() + 2) {
            // per running partition: its chunk transaction, its reader's prefetch and its liveness lock
            throw new IllegalArgumentException("replay.partitioning.worker-threads=" + properties.workerThreads()
                    + " needs a pool of at least " + (3 * properties.workerThreads() + 2) + " connections, but"
                    + " spring.datasource.hikari.maximum-pool-size is " + hikari.getMaximumPoolSize());
        }
        StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
        handler.setJobRepository(jobRepository);
        handler.setStepLocator(name -> { // requests name the step, not its bean
            if (!rebuildPartitionStep.getName().equals(name)) {
                throw new IllegalArgumentException("A worker runs only step " + rebuildPartitionStep.getName()
                        + ", was asked for " + name);
            }
            return rebuildPartitionStep;
        });
        return new PartitionWorker(partitionConnectionFactory, properties, handler,
                new PartitionClaims(jobRepository, new PartitionLiveness(dataSource)));
    }
}
