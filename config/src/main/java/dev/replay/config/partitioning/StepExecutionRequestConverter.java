package dev.replay.config.partitioning;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.Session;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.jms.support.converter.MessageConversionException;
import org.springframework.jms.support.converter.MessageConverter;

/**
 * A partition request as a JMS map message of two entries, {@code stepName} and
 * {@code stepExecutionId}: no Java serialization crosses the broker. Stateless; thread-safe.
 */
final class StepExecutionRequestConverter implements MessageConverter {

    private static final String STEP_NAME = "stepName";
    private static final String STEP_EXECUTION_ID = "stepExecutionId";

    @Override
    public Message toMessage(Object object, Session session) throws JMSException {
        if (!(object instanceof StepExecutionRequest request)) {
            throw new MessageConversionException("Only StepExecutionRequests go to the partition queue, was " + object);
        }
        MapMessage message = session.createMapMessage();
        message.setString(STEP_NAME, request.getStepName());
        message.setLong(STEP_EXECUTION_ID, request.getStepExecutionId());
        return message;
    }

    @Override
    public StepExecutionRequest fromMessage(Message message) throws JMSException {
        if (!(message instanceof MapMessage map) || !map.itemExists(STEP_NAME) || !map.itemExists(STEP_EXECUTION_ID)) {
            throw new MessageConversionException("Not a partition request: " + message);
        }
        return new StepExecutionRequest(map.getString(STEP_NAME), map.getLong(STEP_EXECUTION_ID));
    }
}
