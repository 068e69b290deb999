package dev.operator.iam.aws;

import java.util.Optional;
import software.amazon.awssdk.arns.Arn;

/**
 * An IAM ARN taken apart with the SDK's ARN parser: {@code
 * arn:aws:iam::123456789012:role/team-a/app} is resource type {@code role}, path {@code /team-a/}
 * and name {@code app}.
 */
public record IamArn(
        String partition, String accountId, String resourceType, String path, String name) {

    /** Empty when {@code arn} is not an ARN of an IAM resource with a type and a name. */
    public static Optional<IamArn> parse(String arn) {
        if (arn == null) {
            return Optional.empty();
        }
        Optional<Arn> parsed;
        try {
            parsed = Arn.tryFromString(arn);
        } catch (IllegalArgumentException e) {
            // The SDK refuses some malformed resources (an empty name) by throwing.
            return Optional.empty();
        }
        if (parsed.isEmpty() || !"iam".equals(parsed.get().service())) {
            return Optional.empty();
        }
        Arn a = parsed.get();
        String resource = a.resourceAsString();
        int first = resource.indexOf('/');
        int last = resource.lastIndexOf('/');
        if (first <= 0 || last == resource.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(
                new IamArn(
                        a.partition(),
                        a.accountId().orElse(""),
                        resource.substring(0, first),
                        resource.substring(first, last + 1),
                        resource.substring(last + 1)));
    }
}
