package dev.operator.iam.aws;

import dev.operator.iam.metrics.OperatorMetrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.MDC;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Puts every HTTP attempt of the IAM client through the {@link RateBudget} — the SDK's retries
 * included, since the interceptor runs before each transmission — and tells the budget about each
 * {@code Throttling} answer, including those the SDK retries without the caller ever seeing them.
 */
final class BudgetInterceptor implements ExecutionInterceptor {

    private static final int BAD_REQUEST = 400;
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final Supplier<RateBudget> budget;
    private final OperatorMetrics metrics;

    /** One budget for every call (one account). */
    BudgetInterceptor(RateBudget budget, OperatorMetrics metrics) {
        this(() -> budget, metrics);
    }

    /**
     * @param budget the budget of the current thread's account, asked for every attempt
     */
    BudgetInterceptor(Supplier<RateBudget> budget, OperatorMetrics metrics) {
        this.budget = budget;
        this.metrics = metrics;
    }

    @Override
    public void beforeTransmission(
            Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
        RateBudget.Priority priority = CallPriority.current();
        Object namespace = MDC.get(AwsCalls.MDC_NAMESPACE);
        try {
            long waited =
                    budget.get().acquire(priority, namespace == null ? "" : namespace.toString());
            metrics.budgetWait(
                    priority.name().toLowerCase(java.util.Locale.ROOT),
                    waited,
                    AccountContext.accountKey());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AbortedException.builder()
                    .message("interrupted while waiting for the IAM call budget")
                    .build();
        }
    }

    /**
     * IAM answers throttling with HTTP 400 and the error code {@code Throttling} in the body; the
     * body of a 400 is small, read here and handed on unchanged.
     */
    @Override
    public Optional<InputStream> modifyHttpResponseContent(
            Context.ModifyHttpResponse context, ExecutionAttributes executionAttributes) {
        Optional<InputStream> body = context.responseBody();
        if (context.httpResponse().statusCode() != BAD_REQUEST || body.isEmpty()) {
            return body;
        }
        try (InputStream in = body.get()) {
            byte[] bytes = in.readNBytes(MAX_ERROR_BODY);
            if (isThrottling(new String(bytes, StandardCharsets.UTF_8))) {
                budget.get().throttled();
            }
            return Optional.of(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isThrottling(String errorBody) {
        return errorBody.contains("<Code>Throttling</Code>")
                || errorBody.contains("<Code>ThrottlingException</Code>");
    }
}
