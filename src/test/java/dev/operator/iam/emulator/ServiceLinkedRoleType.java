package dev.operator.iam.emulator;

import java.util.Map;
import java.util.Optional;

/**
 * What the emulator knows of a service that owns service-linked roles: the role name it creates,
 * whether it accepts a CustomSuffix, and the AWS managed policy it attaches.
 */
record ServiceLinkedRoleType(
        String awsServiceName, String roleName, boolean acceptsSuffix, String policyArn) {

    private static final Map<String, ServiceLinkedRoleType> KNOWN =
            Map.of(
                    "elasticbeanstalk.amazonaws.com",
                    of(
                            "elasticbeanstalk.amazonaws.com",
                            "AWSServiceRoleForElasticBeanstalk",
                            false,
                            "AWSElasticBeanstalkServiceRolePolicy"),
                    "autoscaling.amazonaws.com",
                    of(
                            "autoscaling.amazonaws.com",
                            "AWSServiceRoleForAutoScaling",
                            true,
                            "AutoScalingServiceRolePolicy"),
                    "eks.amazonaws.com",
                    of(
                            "eks.amazonaws.com",
                            "AWSServiceRoleForAmazonEKS",
                            false,
                            "AmazonEKSServiceRolePolicy"),
                    "ecs.amazonaws.com",
                    of(
                            "ecs.amazonaws.com",
                            "AWSServiceRoleForECS",
                            false,
                            "AmazonECSServiceRolePolicy"),
                    "spot.amazonaws.com",
                    of(
                            "spot.amazonaws.com",
                            "AWSServiceRoleForEC2Spot",
                            false,
                            "AWSEC2SpotServiceRolePolicy"));

    static Optional<ServiceLinkedRoleType> find(String awsServiceName) {
        return Optional.ofNullable(KNOWN.get(awsServiceName));
    }

    /** The role's name, {@code AWSServiceRoleForAutoScaling_suffix} with a custom suffix. */
    String roleName(String customSuffix) {
        return customSuffix == null ? roleName : roleName + "_" + customSuffix;
    }

    /** Roles of all services live under {@code /aws-service-role/<service>/}. */
    String path() {
        return "/aws-service-role/" + awsServiceName + "/";
    }

    /** The trust policy IAM gives the role: only the service may assume it. */
    String trustPolicy() {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                + "{\"Service\":[\""
                + awsServiceName
                + "\"]},\"Action\":[\"sts:AssumeRole\"]}]}";
    }

    private static ServiceLinkedRoleType of(
            String service, String roleName, boolean acceptsSuffix, String policyName) {
        return new ServiceLinkedRoleType(
                service,
                roleName,
                acceptsSuffix,
                AwsManagedPolicies.PREFIX + "aws-service-role/" + policyName);
    }
}
