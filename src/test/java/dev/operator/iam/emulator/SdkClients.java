package dev.operator.iam.emulator;

import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/** Real AWS SDK clients, configured the way the operator's tests point them at an emulator. */
final class SdkClients {

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(5);

    private SdkClients() {}

    /** With the SDK's default retry strategy. */
    static IamClient iam(URI endpoint) {
        return iam(endpoint, config -> {});
    }

    /** Every failure surfaces on the first attempt. */
    static IamClient iamWithoutRetries(URI endpoint) {
        return iam(endpoint, AwsRetryStrategy.doNotRetry());
    }

    static IamClient iam(URI endpoint, RetryStrategy retryStrategy) {
        return iam(endpoint, config -> config.retryStrategy(retryStrategy));
    }

    static StsClient sts(URI endpoint) {
        return StsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.AWS_GLOBAL)
                .endpointOverride(endpoint)
                .credentialsProvider(CREDENTIALS)
                .overrideConfiguration(config -> config.apiCallTimeout(API_CALL_TIMEOUT))
                .build();
    }

    private static IamClient iam(
            URI endpoint, Consumer<ClientOverrideConfiguration.Builder> configuration) {
        return IamClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.AWS_GLOBAL)
                .endpointOverride(endpoint)
                .credentialsProvider(CREDENTIALS)
                .overrideConfiguration(
                        config -> configuration.accept(config.apiCallTimeout(API_CALL_TIMEOUT)))
                .build();
    }
}
