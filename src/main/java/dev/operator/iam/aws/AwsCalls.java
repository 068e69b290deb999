package dev.operator.iam.aws;

import dev.operator.iam.metrics.OperatorMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Every AWS call goes through here: counted by outcome, timed, tracked as in flight for the
 * shutdown drain, logged when it mutates, and its failure classified into an {@link AwsException}.
 */
@ApplicationScoped
public class AwsCalls {

    /** MDC key holding "Kind namespace/name" of the object being reconciled, set by the engine. */
    public static final String MDC_RESOURCE = "resource";

    /** MDC key: the Kind of the object being reconciled ({@code Policy}). */
    public static final String MDC_KIND = "kind";

    /** MDC key: the namespace of the object being reconciled. */
    public static final String MDC_NAMESPACE = "namespace";

    /** MDC key: the name of the object being reconciled. */
    public static final String MDC_NAME = "name";

    /** MDC key: the ARN of the object's AWS resource, once known. */
    public static final String MDC_ARN = "arn";

    private static final Logger LOG = Logger.getLogger(AwsCalls.class);

    private final OperatorMetrics metrics;
    private final InflightCalls inflight;
    private final WriteLog writes;

    public AwsCalls(OperatorMetrics metrics, InflightCalls inflight, WriteLog writes) {
        this.metrics = metrics;
        this.inflight = inflight;
        this.writes = writes;
    }

    /**
     * Another object's AWS resource was changed by the current reconcile (a policy attached to a
     * role): its next observation reads IAM rather than an older account snapshot.
     */
    public void touched(String arn) {
        writes.wrote(WriteLog.resourceKey(arn));
    }

    /**
     * Runs one AWS call unless the operator is shutting down: then the call is not sent (calls
     * already sent are never interrupted; see {@link InflightCalls#stopAccepting}). {@code
     * operation} is the AWS action name ({@code CreatePolicy}); it becomes the {@code operation}
     * label. A call that changes AWS is logged in one line, whatever its outcome.
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
        if (mutates(operation) && resource != null) {
            // Before the call: a snapshot that starts while it is in flight may not show it.
            writes.wrote(resource.toString());
        }
        try {
            T result = call.get();
            if (mutates(operation) && resource != null) {
                writes.wrote(resource.toString());
            }
            if (result instanceof GetCallerIdentityResponse me
                    && AccountContext.current() == null) {
                // The operator's own account, from now on its label.
                AccountContext.ownAccountId(me.account());
                metrics.ownAccount(me.account());
            }
            metrics.awsCall(
                    operation,
                    OperatorMetrics.SUCCESS,
                    System.nanoTime() - start,
                    AccountContext.accountKey());
            if (mutates(operation)) {
                LOG.infof("AWS %s succeeded: %s", operation, subject(arnIn(result)));
            }
            return result;
        } catch (RuntimeException e) {
            AwsException failure = AwsErrors.classify(operation, e);
            if (failure.kind().metricOutcome() != null) {
                metrics.awsCall(
                        operation,
                        failure.kind().metricOutcome(),
                        System.nanoTime() - start,
                        AccountContext.accountKey());
            }
            if (mutates(operation) || failure.kind() != AwsErrorKind.NOT_FOUND) {
                String prefix = operation + " failed: ";
                String why =
                        failure.getMessage().startsWith(prefix)
                                ? failure.getMessage().substring(prefix.length())
                                : failure.getMessage();
                LOG.infof(
                        "AWS %s failed (%s): %s: %s",
                        operation, failure.kind().metricOutcome(), subject(null), why);
            }
            throw failure;
        } finally {
            inflight.end(token);
        }
    }

    private static boolean mutates(String operation) {
        return !(operation.startsWith("Get") || operation.startsWith("List"));
    }

    /**
     * "Policy team-a/orders-read arn=arn:aws:iam::123456789012:policy/orders-read": the object
     * being reconciled, from the MDC the engine set, and the ARN of its AWS resource, from the
     * answer of a create when the MDC does not know it yet.
     */
    private static String subject(String arnFromAnswer) {
        Object resource = MDC.get(MDC_RESOURCE);
        Object arn = arnFromAnswer != null ? arnFromAnswer : MDC.get(MDC_ARN);
        return (resource == null ? "no object" : resource) + " arn=" + (arn == null ? "-" : arn);
    }

    /**
     * The ARN an AWS answer names, if any: {@code Policy.Arn} of CreatePolicy, {@code Role.Arn} of
     * CreateRole, {@code OpenIDConnectProviderArn} of CreateOpenIDConnectProvider. Looked up
     * through the SDK's own field model, so it works for every IAM action without a case per
     * action.
     */
    static String arnIn(Object answer) {
        if (!(answer instanceof SdkPojo pojo)) {
            return null;
        }
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            if (value instanceof String s && field.memberName().endsWith("Arn")) {
                return s;
            }
        }
        for (SdkField<?> field : pojo.sdkFields()) {
            if (field.getValueOrDefault(pojo) instanceof SdkPojo nested) {
                for (SdkField<?> inner : nested.sdkFields()) {
                    if (inner.memberName().equals("Arn")
                            && inner.getValueOrDefault(nested) instanceof String s) {
                        return s;
                    }
                }
            }
        }
        return null;
    }
}
