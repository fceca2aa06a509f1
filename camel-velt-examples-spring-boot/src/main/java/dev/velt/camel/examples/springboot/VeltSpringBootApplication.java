package dev.velt.camel.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application whose only route, {@code routes/velt-events.yaml}, follows the events of a Velt workflow
 * and looks up the execution each event belongs to. The {@code velt} component is configured in
 * {@code application.yaml} under {@code camel.component.velt}.
 */
@SpringBootApplication
public class VeltSpringBootApplication {

    public static void main(String[] args) {
        SpringApplication.run(VeltSpringBootApplication.class, args);
    }
}
