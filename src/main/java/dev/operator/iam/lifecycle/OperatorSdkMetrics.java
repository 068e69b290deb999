package dev.operator.iam.lifecycle;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetricsV2;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The Java Operator SDK's own meters ({@code reconciliations_*}, {@code events_received_total},
 * {@code custom_resources}, labelled {@code controller_name}) in the registry that {@code
 * /q/metrics} exports, which docs/observability.md lists and the Grafana dashboard queries.
 *
 * <p>quarkus-operator-sdk looks up a {@link Metrics} bean when it builds the SDK's configuration.
 * Its own producer answers the no-op {@code Metrics} until Micrometer has bound its {@code
 * MeterBinder}, and the packaged operator builds the configuration before that: it exported none of
 * these meters (only the test profile did; {@code OperatorSdkMetricsIT}). This producer builds them
 * on the registry itself, whatever the order, with the implementation quarkus-operator-sdk chooses
 * by default ({@code MicrometerMetricsV2}). (A {@code ConfigurationServiceCustomizer} cannot do it:
 * quarkus-operator-sdk's overridden configuration then builds a default Kubernetes client, ignoring
 * {@code quarkus.kubernetes-client.*}.)
 */
public class OperatorSdkMetrics {

    @Produces
    @Singleton
    @Alternative
    @Priority(1)
    Metrics operatorSdkMetrics(MeterRegistry registry) {
        return MicrometerMetricsV2.newBuilder(registry).build();
    }
}
