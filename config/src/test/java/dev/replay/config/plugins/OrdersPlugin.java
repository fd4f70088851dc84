package dev.replay.config.plugins;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A user's plugin for an orders domain, as source text: {@code order-totals} (per-aggregate: each
 * order's customer, total, status and version) and an upcaster of {@code OrderPlaced} v1
 * ({@code {"customer": ..., "cents": 1234}}) to v2 ({@code {"customer": ..., "total": 12.34}}),
 * both listed in {@code META-INF/services}; and {@code order-count} (global: the number of orders
 * placed), a bean of a Spring Boot auto-configuration.
 */
public final class OrdersPlugin {

    public static final String TOTALS = "order-totals";
    public static final String COUNT = "order-count";

    private OrdersPlugin() {
    }

    /** {@code order-totals} and the upcaster through ServiceLoader; {@code name} is the projection's name. */
    public static Path servicesJar(Path jar, String name) throws IOException {
        return new PluginJarBuilder()
                .source("com.example.orders.OrderTotalsProjection", TOTALS_SOURCE.replace("@NAME@", name))
                .source("com.example.orders.OrderPlacedCentsUpcaster", UPCASTER_SOURCE)
                .resource("META-INF/services/dev.replay.writers.Projection",
                        "# the orders plugin\ncom.example.orders.OrderTotalsProjection\n")
                .resource("META-INF/services/dev.replay.readers.upcast.Upcaster", "com.example.orders.OrderPlacedCentsUpcaster\n")
                .build(jar);
    }

    /** {@code order-count} as a bean of an auto-configuration. */
    public static Path autoConfigurationJar(Path jar) throws IOException {
        return new PluginJarBuilder()
                .source("com.example.ordercount.OrderCountProjection", COUNT_SOURCE)
                .source("com.example.ordercount.OrderCountAutoConfiguration", """
                        package com.example.ordercount;

                        import org.springframework.boot.autoconfigure.AutoConfiguration;
                        import org.springframework.context.annotation.Bean;

                        @AutoConfiguration
                        public class OrderCountAutoConfiguration {
                            @Bean
                            public OrderCountProjection orderCountProjection() {
                                return new OrderCountProjection();
                            }
                        }
                        """)
                .resource("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports",
                        "com.example.ordercount.OrderCountAutoConfiguration\n")
                .build(jar);
    }

    /** A jar whose service entry names a class it does not hold. */
    public static Path missingClassJar(Path jar) throws IOException {
        return new PluginJarBuilder()
                .resource("META-INF/services/dev.replay.writers.Projection", "com.example.gone.GoneProjection\n")
                .build(jar);
    }

    /** A jar whose auto-configuration fails: its bean method throws, as one missing a setting would. */
    public static Path failingAutoConfigurationJar(Path jar) throws IOException {
        return new PluginJarBuilder()
                .source("com.example.failing.FailingAutoConfiguration", """
                        package com.example.failing;

                        import org.springframework.boot.autoconfigure.AutoConfiguration;
                        import org.springframework.context.annotation.Bean;

                        @AutoConfiguration
                        public class FailingAutoConfiguration {
                            @Bean
                            public String ordersApiKey() {
                                throw new IllegalStateException("orders.api-key must be set");
                            }
                        }
                        """)
                .resource("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports",
                        "com.example.failing.FailingAutoConfiguration\n")
                .build(jar);
    }

    /**
     * A jar listing {@code className} under {@code service}'s services: {@code NeedsArgument}, an
     * upcaster without a public no-argument constructor, or {@code NotAProjection}.
     */
    public static Path badServiceJar(Path jar, String service, String className) throws IOException {
        return new PluginJarBuilder()
                .source("com.example.bad.NeedsArgument", """
                        package com.example.bad;

                        public class NeedsArgument implements dev.replay.readers.upcast.Upcaster {
                            public NeedsArgument(String name) {
                            }
                            public String eventType() { return "OrderPlaced"; }
                            public int fromVersion() { return 1; }
                            public String upcast(dev.replay.readers.Event event) { return event.payload(); }
                        }
                        """)
                .source("com.example.bad.NotAProjection", """
                        package com.example.bad;

                        public class NotAProjection {
                        }
                        """)
                .resource("META-INF/services/" + service, className + "\n")
                .build(jar);
    }

    private static final String TOTALS_SOURCE = """
            package com.example.orders;

            import dev.replay.writers.ProjectedEvent;
            import dev.replay.writers.Projection;
            import dev.replay.writers.ReadModelTarget;
            import java.util.ArrayList;
            import java.util.List;
            import java.util.Set;

            public class OrderTotalsProjection implements Projection {
                public String name() { return "@NAME@"; }
                public Set<String> eventTypes() { return Set.of("OrderPlaced", "OrderCancelled"); }
                public List<String> tables() { return List.of("order_total"); }

                public void createTables(ReadModelTarget target) {
                    target.jdbc().execute("create table " + target.table("order_total") + " (order_id text primary key,"
                            + " customer text, total numeric(19,2), status text not null, version bigint not null)");
                }

                public void apply(List<ProjectedEvent> events, ReadModelTarget target) {
                    List<Object[]> rows = new ArrayList<>();
                    for (ProjectedEvent e : events) {
                        boolean placed = e.eventType().equals("OrderPlaced");
                        rows.add(new Object[] {e.aggregateId(), placed ? e.topLevelString("customer").orElseThrow() : null,
                            placed ? e.topLevelDecimal("total").orElseThrow() : null, placed ? "placed" : "cancelled", e.version()});
                    }
                    target.jdbc().batchUpdate("insert into " + target.table("order_total") + " as o values (?, ?, ?, ?, ?)"
                            + " on conflict (order_id) do update set customer = coalesce(excluded.customer, o.customer),"
                            + " total = coalesce(excluded.total, o.total), status = excluded.status, version = excluded.version", rows);
                }
            }
            """;

    private static final String UPCASTER_SOURCE = """
            package com.example.orders;

            import dev.replay.readers.Event;
            import dev.replay.readers.upcast.Upcaster;
            import java.math.BigDecimal;
            import java.util.regex.Matcher;
            import java.util.regex.Pattern;

            public class OrderPlacedCentsUpcaster implements Upcaster {
                private static final Pattern CUSTOMER = Pattern.compile("\\"customer\\": *(\\"[^\\"]*\\")");
                private static final Pattern CENTS = Pattern.compile("\\"cents\\": *(\\\\d+)");

                public String eventType() { return "OrderPlaced"; }
                public int fromVersion() { return 1; }

                public String upcast(Event event) {
                    Matcher customer = CUSTOMER.matcher(event.payload());
                    Matcher cents = CENTS.matcher(event.payload());
                    if (!customer.find() || !cents.find()) {
                        throw new IllegalArgumentException("not an OrderPlaced v1 payload: " + event.payload());
                    }
                    return "{\\"customer\\": " + customer.group(1) + ", \\"total\\": "
                            + BigDecimal.valueOf(Long.parseLong(cents.group(1)), 2) + "}";
                }
            }
            """;

    private static final String COUNT_SOURCE = """
            package com.example.ordercount;

            import dev.replay.writers.ProjectedEvent;
            import dev.replay.writers.Projection;
            import dev.replay.writers.ReadModelTarget;
            import java.util.List;
            import java.util.Set;

            public class OrderCountProjection implements Projection {
                public String name() { return "order-count"; }
                public Set<String> eventTypes() { return Set.of("OrderPlaced"); }
                public List<String> tables() { return List.of("order_count"); }
                public boolean perAggregate() { return false; }

                public void createTables(ReadModelTarget target) {
                    target.jdbc().execute("create table " + target.table("order_count") + " (orders bigint not null)");
                    target.jdbc().update("insert into " + target.table("order_count") + " values (0)");
                }

                public void validate(ProjectedEvent event) {
                }

                public void apply(List<ProjectedEvent> events, ReadModelTarget target) {
                    target.jdbc().update("update " + target.table("order_count") + " set orders = orders + ?", events.size());
                }
            }
            """;
}
