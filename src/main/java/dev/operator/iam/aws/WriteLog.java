package dev.operator.iam.aws;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each object last wrote to IAM, in memory: an account snapshot taken before that instant may
 * not show the write yet, so the object's next observation reads IAM itself. Keys are the object
 * being reconciled ("Kind namespace/name", {@link AwsCalls#MDC_RESOURCE}), recorded by {@link
 * AwsCalls} for every call that changes AWS (a failed one too: it may have been applied), and AWS
 * resources another object's call changes (a policy attached by a role moves the policy's
 * attachment count). Lost on restart, which only makes the first observations individual reads.
 */
@ApplicationScoped
public class WriteLog {

    private final Map<String, Instant> lastWrite = new ConcurrentHashMap<>();

    /** {@code key} changed in AWS now. */
    public void wrote(String key) {
        if (key != null) {
            lastWrite.put(key, Instant.now());
        }
    }

    /** When {@code key} was last written by this process, if ever. */
    public Optional<Instant> lastWrite(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(lastWrite.get(key));
    }

    /** The key for an AWS resource written by whichever object: its ARN. */
    public static String resourceKey(String arn) {
        return "arn " + arn;
    }

    /** The object {@code kind namespace/name} is deleted: its entry is no longer needed. */
    public void forget(String key) {
        lastWrite.remove(key);
    }
}
