package dev.operator.iam.api;

import java.util.Map;

/**
 * The references of one object, resolved by the engine before an adapter runs: every target is
 * Ready, so its ARN and name in AWS are known. Adapters read the desired state of a reference field
 * through this, never Kubernetes.
 */
public final class ResolvedReferences {

    public static final ResolvedReferences NONE = new ResolvedReferences(Map.of());

    /** What a Ready target's status says. */
    public record Target(String arn, String awsName) {}

    private final Map<String, Target> targets;

    /**
     * @param targets keyed by {@link #key}
     */
    public ResolvedReferences(Map<String, Target> targets) {
        this.targets = Map.copyOf(targets);
    }

    public static String key(String kind, String name) {
        return kind + "/" + name;
    }

    /** The ARN of the Ready target. */
    public String arn(String kind, String name) {
        return target(kind, name).arn();
    }

    /** The name in AWS of the Ready target. */
    public String awsName(String kind, String name) {
        return target(kind, name).awsName();
    }

    private Target target(String kind, String name) {
        Target t = targets.get(key(kind, name));
        if (t == null) {
            throw new IllegalStateException(
                    kind
                            + " "
                            + name
                            + " was not declared by the adapter's references(): the engine only"
                            + " resolves declared references");
        }
        return t;
    }
}
