package dev.operator.iam.lifecycle;

import dev.operator.iam.config.OperatorConfig;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurationServiceCustomizer;
import jakarta.inject.Singleton;
import java.util.function.Consumer;

/** Adjusts the Java Operator SDK's configuration to ours. */
@Singleton
public class OperatorCustomizer implements ConfigurationServiceCustomizer {

    private final OperatorConfig config;

    public OperatorCustomizer(OperatorConfig config) {
        this.config = config;
    }

    /** On stop, the SDK waits for running reconciles as long as the drain timeout allows. */
    @Override
    public Consumer<ConfigurationServiceOverrider> overrider() {
        return o -> o.withReconciliationTerminationTimeout(config.shutdown().drainTimeout());
    }
}
