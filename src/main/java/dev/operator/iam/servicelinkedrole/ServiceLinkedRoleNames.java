package dev.operator.iam.servicelinkedrole;

import dev.operator.iam.aws.IamArn;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * How IAM names and places service-linked roles: the service chooses the name ({@code
 * AWSServiceRoleForAutoScaling}), a custom suffix is appended after an underscore ({@code
 * AWSServiceRoleForAutoScaling_web}), and every role of a service lives at {@code
 * /aws-service-role/<service>/}. The operator cannot know the base name in advance, so it finds the
 * role by path and suffix.
 */
public final class ServiceLinkedRoleNames {

    private ServiceLinkedRoleNames() {}

    /** {@code /aws-service-role/autoscaling.amazonaws.com/}. */
    public static String path(String awsServiceName) {
        return "/aws-service-role/" + awsServiceName + "/";
    }

    /**
     * The natural key written into the create intent: the path and the name pattern, e.g. {@code
     * /aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleFor*_web}.
     */
    public static String key(String awsServiceName, String customSuffix) {
        return path(awsServiceName)
                + "AWSServiceRoleFor*"
                + (customSuffix == null ? "" : "_" + customSuffix);
    }

    /** What a create intent's key says: the service's path and the custom suffix (or null). */
    public record IntentKey(String path, String customSuffix) {}

    /** Reads back a key written by {@link #key}. */
    public static IntentKey parseKey(String key) {
        int slash = key.lastIndexOf('/');
        String pattern = key.substring(slash + 1);
        int underscore = pattern.indexOf('_');
        return new IntentKey(
                key.substring(0, slash + 1),
                underscore < 0 ? null : pattern.substring(underscore + 1));
    }

    /**
     * Whether a role name at the service's path is the one for this suffix: with a suffix, the name
     * ends with {@code _suffix} (ignoring case, as IAM names do); without one, the name has no
     * underscore (service-defined base names have none, a suffix always adds one).
     */
    public static boolean matches(String roleName, String customSuffix) {
        if (customSuffix == null) {
            return roleName.indexOf('_') < 0;
        }
        return roleName.toLowerCase(Locale.ROOT)
                .endsWith("_" + customSuffix.toLowerCase(Locale.ROOT));
    }

    /** The role for this suffix among the names found at the service's path; the first by name. */
    public static Optional<String> pick(Collection<String> roleNames, String customSuffix) {
        return roleNames.stream()
                .filter(n -> matches(n, customSuffix))
                .min(Comparator.naturalOrder());
    }

    /**
     * Whether a role ARN is this service's role for this suffix; used to keep awsServiceName and
     * customSuffix immutable against the role status recorded.
     */
    public static boolean arnMatches(String arn, String awsServiceName, String customSuffix) {
        return IamArn.parse(arn)
                .filter(a -> a.resourceType().equals("role"))
                .filter(a -> a.path().equalsIgnoreCase(path(awsServiceName)))
                .map(a -> matches(a.name(), customSuffix))
                .orElse(false);
    }
}
