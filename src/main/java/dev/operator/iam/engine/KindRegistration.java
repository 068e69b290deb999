package dev.operator.iam.engine;

import dev.operator.iam.metrics.OperatorMetrics;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

/** At start-up, creates every metric series of every kind at zero, before the first reconcile. */
@Singleton
public class KindRegistration {

    void onStart(
            @Observes StartupEvent event,
            OperatorMetrics metrics,
            @Any Instance<IamAdapter<?, ?>> adapters) {
        adapters.forEach(a -> metrics.registerKind(a.kind(), a.operations()));
    }
}
