package dev.operator.iam.aws;

import dev.operator.iam.metrics.OperatorMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Every AWS call goes through here: counted by outcome, timed, tracked as in flight for the
 * shutdown drain, logged when it mutates, and its failure classified into an {@link AwsException}.
 */
@ApplicationScoped
public class AwsCalls {

    /** MDC key holding "Kind namespace/name" of the object being reconciled, set by the engine. */
    public static final String MDC_RESOURCE = "resource";

    private static final Logger LOG = Logger.getLogger(AwsCalls.class);

    private final OperatorMetrics metrics;
    private final InflightCalls inflight;

    public AwsCalls(OperatorMetrics metrics, InflightCalls inflight) {
        this.metrics = metrics;
        this.inflight = inflight;
    }

    /**
     * Runs one AWS call unless the operator is shutting down: then the call is not sent (calls
     * already sent are never interrupted; see {@link InflightCalls#stopAccepting}).
     */

    /**
     * {@code operation} is the AWS action name ({@code CreatePolicy}); it becomes the {@code
     * operation} label.
     *
     * @throws AwsException classified failure
     */
    public <T> T call(String operation, Supplier<T> call) {
        Object resource = MDC.get(MDC_RESOURCE);
        if (!inflight.accepting()) {
            throw new AwsException(
                    AwsErrorKind.NOT_SENT,
                    operation,
                    null,
                    "not sent: the operator is shutting down; the next start continues from AWS's"
                            + " state",
                    null);
        }
        long token = inflight.begin(operation, resource == null ? null : resource.toString());
        long start = System.nanoTime();
        try {
            T result = call.get();
            metrics.awsCall(operation, "success", System.nanoTime() - start);
            if (mutates(operation)) {
                LOG.infof("%s succeeded for %s", operation, resource);
            }
            return result;
        } catch (RuntimeException e) {
            AwsException failure = AwsErrors.classify(operation, e);
            if (failure.kind().metricOutcome() != null) {
                metrics.awsCall(
                        operation, failure.kind().metricOutcome(), System.nanoTime() - start);
            }
            if (mutates(operation) || failure.kind() != AwsErrorKind.NOT_FOUND) {
                LOG.infof("%s failed for %s: %s", operation, resource, failure.getMessage());
            }
            throw failure;
        } finally {
            inflight.end(token);
        }
    }

    private static boolean mutates(String operation) {
        return !(operation.startsWith("Get") || operation.startsWith("List"));
    }
}
