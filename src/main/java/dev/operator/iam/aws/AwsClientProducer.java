package dev.operator.iam.aws;

import dev.operator.iam.config.OperatorConfig;
import dev.operator.iam.metrics.OperatorMetrics;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Produces the IAM and STS clients: URL-connection HTTP (small, native-friendly), the configured
 * signing region and endpoint, the SDK's default credential chain (environment, IRSA web identity,
 * EKS Pod Identity, profile), the call timeout, and the SDK's standard retries with backoff.
 * quarkus-amazon-iam cannot be used on this Quarkus version (see the dependency notes).
 */
@ApplicationScoped
public class AwsClientProducer {

    private static final Logger LOG = Logger.getLogger(AwsClientProducer.class);

    private final OperatorConfig config;

    public AwsClientProducer(OperatorConfig config) {
        this.config = config;
    }

    /**
     * The account's IAM call budget. An invalid budget stops the start with one line: the
     * configuration must change.
     */
    @Produces
    @Singleton
    RateBudget rateBudget(OperatorMetrics metrics) {
        RateBudget budget;
        try {
            budget = new RateBudget(config.aws().maxCallsPerSecond(), config.aws().burst());
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage());
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(1);
            throw e;
        }
        metrics.budget(budget::currentRate, budget.maxRate());
        return budget;
    }

    /** Checks the budget at start-up, before any reconcile. */
    void checkBudget(@Observes @Priority(2) StartupEvent event, RateBudget budget) {
        LOG.debugf("IAM call budget: %.1f calls/s", budget.maxRate());
    }

    /**
     * The one IAM client: its credentials and rate budget are those of the current thread's account
     * ({@link AccountContext}), so adapters stay unaware of accounts.
     */
    @Produces
    @Singleton
    IamClient iamClient(
            RateBudget budget, OperatorMetrics metrics, AccountCredentials credentials) {
        RateBudgets budgets =
                new RateBudgets(
                        budget, config.aws().maxCallsPerSecond(), config.aws().burst(), metrics);
        return configure(IamClient.builder(), config.aws().endpointOverride())
                .credentialsProvider(credentials)
                .overrideConfiguration(
                        c ->
                                c.apiCallTimeout(config.aws().callTimeout())
                                        .addExecutionInterceptor(
                                                new BudgetInterceptor(budgets::current, metrics)))
                .build();
    }

    @Produces
    @Singleton
    StsClient stsClient() {
        return configure(StsClient.builder(), config.aws().stsEndpointOverride()).build();
    }

    void closeIam(@Disposes IamClient client) {
        client.close();
    }

    void closeSts(@Disposes StsClient client) {
        client.close();
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
            B builder, Optional<URI> endpoint) {
        builder.httpClient(UrlConnectionHttpClient.builder().build())
                .region(Region.of(config.aws().region()))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .overrideConfiguration(c -> c.apiCallTimeout(config.aws().callTimeout()));
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }
}
