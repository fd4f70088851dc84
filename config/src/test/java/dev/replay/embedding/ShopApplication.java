package dev.replay.embedding;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A user's own Spring Boot application embedding the platform, as a team would write it: outside
 * the platform's packages, with nothing of the platform but {@code replay-config} on the class
 * path and one {@code Projection} bean of its own.
 */
@SpringBootApplication
public class ShopApplication {

    @Bean
    OrderStateProjection orderStateProjection() {
        return new OrderStateProjection();
    }
}
