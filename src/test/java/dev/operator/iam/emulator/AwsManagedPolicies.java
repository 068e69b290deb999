package dev.operator.iam.emulator;

import java.util.Set;

/**
 * The few AWS managed policies the emulator knows, so that attaching {@code
 * arn:aws:iam::aws:policy/...} ARNs works as in a real account. Any other AWS managed ARN does not
 * exist here, and attaching it fails with NoSuchEntity.
 */
final class AwsManagedPolicies {

    static final String PREFIX = "arn:aws:iam::aws:policy/";

    private static final Set<String> KNOWN =
            Set.of(
                    PREFIX + "AdministratorAccess",
                    PREFIX + "ReadOnlyAccess",
                    PREFIX + "PowerUserAccess",
                    PREFIX + "AmazonS3ReadOnlyAccess",
                    PREFIX + "AmazonS3FullAccess",
                    PREFIX + "AmazonSSMManagedInstanceCore",
                    PREFIX + "AmazonEKSClusterPolicy",
                    PREFIX + "AmazonEKSWorkerNodePolicy",
                    PREFIX + "service-role/AmazonEC2RoleforSSM",
                    PREFIX + "aws-service-role/AWSElasticBeanstalkServiceRolePolicy",
                    PREFIX + "aws-service-role/AutoScalingServiceRolePolicy",
                    PREFIX + "aws-service-role/AmazonEKSServiceRolePolicy",
                    PREFIX + "aws-service-role/AmazonECSServiceRolePolicy",
                    PREFIX + "aws-service-role/AWSEC2SpotServiceRolePolicy");

    private AwsManagedPolicies() {}

    static boolean isAwsManaged(String arn) {
        return arn.startsWith(PREFIX);
    }

    static boolean exists(String arn) {
        return KNOWN.contains(arn);
    }
}
