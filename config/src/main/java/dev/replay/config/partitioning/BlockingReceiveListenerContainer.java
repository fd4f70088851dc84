package dev.replay.config.partitioning;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import org.springframework.jms.listener.DefaultMessageListenerContainer;

/**
 * A {@link DefaultMessageListenerContainer} whose consumers wait for a message with a plain
 * {@code receive()}, never with a timeout, so that with Artemis's consumer window of 0 a consumer
 * takes exactly one message per receive.
 *
 * <p>Why: an Artemis consumer with window 0 gets one message per credit it sends. A timed receive
 * that ends empty sends the broker a credit reset, then a new credit and a forced delivery, and
 * resets again. A message dispatched just before a reset arrives is delivered, but the reset
 * erases its debit; the credit its consumption returns then brings a second message into the
 * consumer's buffer, where it waits for as long as the consumer runs the first one, unseen by idle
 * consumers. A blocking receive sends one credit and no resets.
 *
 * <p>Shutdown still ends: a consumer still waiting {@code receiveTimeout} after the container was
 * shut down is interrupted by it. Thread-safe as its superclass.
 */
final class BlockingReceiveListenerContainer extends DefaultMessageListenerContainer {

    @Override
    protected Message receiveMessage(MessageConsumer consumer) throws JMSException {
        return consumer.receive();
    }
}
