package dev.operator.iam.aws;

import static dev.operator.iam.aws.AwsErrorKind.ALREADY_EXISTS;
import static dev.operator.iam.aws.AwsErrorKind.CLIENT_ERROR;
import static dev.operator.iam.aws.AwsErrorKind.DELETE_CONFLICT;
import static dev.operator.iam.aws.AwsErrorKind.INVALID_INPUT;
import static dev.operator.iam.aws.AwsErrorKind.LIMIT_EXCEEDED;
import static dev.operator.iam.aws.AwsErrorKind.NOT_FOUND;
import static dev.operator.iam.aws.AwsErrorKind.SERVER_ERROR;
import static dev.operator.iam.aws.AwsErrorKind.THROTTLED;
import static dev.operator.iam.aws.AwsErrorKind.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.net.ConnectException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.InvalidInputException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.ServiceFailureException;

/**
 * The one place that says what an AWS failure means: kind, retry, metric outcome, and a message
 * with the code.
 */
class AwsErrorsTest {

    private static final String OPERATION = "CreatePolicy";

    private static AwsErrorDetails details(String code, String message) {
        return AwsErrorDetails.builder()
                .errorCode(code)
                .errorMessage(message)
                .serviceName("Iam")
                .build();
    }

    /** An error answered by AWS, as the SDK builds it for an error code it has no class for. */
    private static AwsServiceException answered(String code, int status, String message) {
        return AwsServiceException.builder()
                .awsErrorDetails(details(code, message))
                .statusCode(status)
                .build();
    }

    /**
     * One failure and what it must become. {@code code} is the AWS error code the exception keeps
     * (null for failures without an answer); {@code message} are fragments of the exception's
     * message.
     */
    private static Arguments row(
            String reason,
            Throwable failure,
            AwsErrorKind kind,
            boolean retryable,
            String outcome,
            String code,
            String... message) {
        return argumentSet(reason, failure, kind, retryable, outcome, code, List.of(message));
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                row(
                        "NoSuchEntity is NOT_FOUND (success on a delete path)",
                        NoSuchEntityException.builder()
                                .awsErrorDetails(
                                        details(
                                                "NoSuchEntity",
                                                "Policy arn:aws:iam::123456789012:policy/app was"
                                                        + " not found."))
                                .statusCode(404)
                                .build(),
                        NOT_FOUND,
                        false,
                        "client_error",
                        "NoSuchEntity",
                        "was not found"),
                row(
                        "EntityAlreadyExists is ALREADY_EXISTS (observe again)",
                        EntityAlreadyExistsException.builder()
                                .awsErrorDetails(
                                        details(
                                                "EntityAlreadyExists",
                                                "A policy called app already exists."))
                                .statusCode(409)
                                .build(),
                        ALREADY_EXISTS,
                        false,
                        "client_error",
                        "EntityAlreadyExists",
                        "already exists"),
                row(
                        "DeleteConflict is DELETE_CONFLICT, retried",
                        DeleteConflictException.builder()
                                .awsErrorDetails(
                                        details(
                                                "DeleteConflict",
                                                "Cannot delete a policy attached to entities."))
                                .statusCode(409)
                                .build(),
                        DELETE_CONFLICT,
                        true,
                        "client_error",
                        "DeleteConflict",
                        "attached to entities"),
                row(
                        "LimitExceeded (an IAM quota) is LIMIT_EXCEEDED, retried",
                        LimitExceededException.builder()
                                .awsErrorDetails(
                                        details(
                                                "LimitExceeded",
                                                "Cannot exceed quota for PolicyVersionsPerPolicy:"
                                                        + " 5"))
                                .statusCode(409)
                                .build(),
                        LIMIT_EXCEEDED,
                        true,
                        "client_error",
                        "LimitExceeded",
                        "PolicyVersionsPerPolicy"),
                row(
                        "MalformedPolicyDocument is INVALID_INPUT: the spec must change",
                        MalformedPolicyDocumentException.builder()
                                .awsErrorDetails(
                                        details(
                                                "MalformedPolicyDocument",
                                                "Syntax errors in policy."))
                                .statusCode(400)
                                .build(),
                        INVALID_INPUT,
                        false,
                        "client_error",
                        "MalformedPolicyDocument",
                        "Syntax errors"),
                row(
                        "InvalidInput is INVALID_INPUT",
                        InvalidInputException.builder()
                                .awsErrorDetails(
                                        details(
                                                "InvalidInput",
                                                "ARN arn:aws:iam::aws:policy/x is not valid."))
                                .statusCode(400)
                                .build(),
                        INVALID_INPUT,
                        false,
                        "client_error",
                        "InvalidInput",
                        "is not valid"),
                row(
                        "ValidationError is INVALID_INPUT",
                        answered(
                                "ValidationError",
                                400,
                                "1 validation error detected: Value at 'path' failed to satisfy"
                                        + " constraint"),
                        INVALID_INPUT,
                        false,
                        "client_error",
                        "ValidationError",
                        "failed to satisfy constraint"),
                row(
                        "Throttling, IAM's own code, is THROTTLED and never terminal",
                        answered("Throttling", 400, "Rate exceeded"),
                        THROTTLED,
                        true,
                        "throttled",
                        "Throttling",
                        "Rate exceeded"),
                row(
                        "ThrottlingException, as proxies say it, is THROTTLED",
                        answered("ThrottlingException", 400, "Rate exceeded"),
                        THROTTLED,
                        true,
                        "throttled",
                        "ThrottlingException",
                        "Rate exceeded"),
                row(
                        "RequestLimitExceeded is THROTTLED",
                        answered("RequestLimitExceeded", 503, "Request limit exceeded."),
                        THROTTLED,
                        true,
                        "throttled",
                        "RequestLimitExceeded",
                        "Request limit exceeded"),
                row(
                        "HTTP 429 is THROTTLED whatever the code",
                        answered("SomethingNew", 429, "Slow down"),
                        THROTTLED,
                        true,
                        "throttled",
                        "SomethingNew",
                        "Slow down"),
                row(
                        "ServiceFailure (HTTP 500) is SERVER_ERROR, retried",
                        ServiceFailureException.builder()
                                .awsErrorDetails(
                                        details(
                                                "ServiceFailure",
                                                "The request processing has failed because of an"
                                                        + " unknown error."))
                                .statusCode(500)
                                .build(),
                        SERVER_ERROR,
                        true,
                        "server_error",
                        "ServiceFailure",
                        "unknown error"),
                row(
                        "ServiceUnavailable (HTTP 503) without a message is SERVER_ERROR, with the"
                                + " status in the message",
                        answered("ServiceUnavailable", 503, null),
                        SERVER_ERROR,
                        true,
                        "server_error",
                        "ServiceUnavailable",
                        "HTTP 503"),
                row(
                        "HTTP 502 without any error details is SERVER_ERROR",
                        AwsServiceException.builder().statusCode(502).build(),
                        SERVER_ERROR,
                        true,
                        "server_error",
                        null,
                        "HTTP 502"),
                row(
                        "AccessDenied is CLIENT_ERROR, retried, its code shown to the user",
                        answered(
                                "AccessDenied",
                                403,
                                "User: arn:aws:sts::123456789012:assumed-role/op/x is not "
                                        + "authorized to perform: iam:CreatePolicy"),
                        CLIENT_ERROR,
                        true,
                        "client_error",
                        "AccessDenied",
                        "not authorized to perform: iam:CreatePolicy"),
                row(
                        "an unknown 4xx code is CLIENT_ERROR with its code",
                        answered(
                                "UnmodifiableEntity",
                                400,
                                "Cannot perform the operation on the protected role."),
                        CLIENT_ERROR,
                        true,
                        "client_error",
                        "UnmodifiableEntity",
                        "protected role"),
                row(
                        "the call timeout is TIMEOUT: whether AWS executed the call is unknown",
                        ApiCallTimeoutException.builder()
                                .message(
                                        "Client execution did not complete before the "
                                                + "specified timeout configuration: 30000 millis")
                                .build(),
                        TIMEOUT,
                        true,
                        "timeout",
                        null,
                        "no answer within the call timeout"),
                row(
                        "an attempt timeout is TIMEOUT",
                        ApiCallAttemptTimeoutException.builder()
                                .message(
                                        "HTTP request execution did not complete before the"
                                                + " specified timeout configuration: 5000 millis")
                                .build(),
                        TIMEOUT,
                        true,
                        "timeout",
                        null,
                        "no answer within the call timeout"),
                row(
                        "no connection is SERVER_ERROR, with the root cause in the message",
                        SdkClientException.builder()
                                .message("Unable to execute HTTP request: Connection refused")
                                .cause(new ConnectException("Connection refused"))
                                .build(),
                        SERVER_ERROR,
                        true,
                        "server_error",
                        null,
                        "no answer from AWS",
                        "ConnectException: Connection refused"),
                row(
                        "a failure that is not the SDK's is CLIENT_ERROR with its message",
                        new IllegalStateException("response could not be parsed"),
                        CLIENT_ERROR,
                        true,
                        "client_error",
                        null,
                        "response could not be parsed"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void classifiesAwsFailures(
            Throwable failure,
            AwsErrorKind kind,
            boolean retryable,
            String outcome,
            String code,
            List<String> message) {
        AwsException e = AwsErrors.classify(OPERATION, failure);

        assertThat(e.kind()).as("kind").isEqualTo(kind);
        assertThat(e.kind().retryable()).as("retryable").isEqualTo(retryable);
        assertThat(e.kind().metricOutcome()).as("outcome label").isEqualTo(outcome);
        assertThat(e.errorCode()).as("AWS error code").isEqualTo(code);
        assertThat(e.operation()).isEqualTo(OPERATION);
        assertThat(e)
                .hasMessageStartingWith(OPERATION + " failed: " + (code == null ? "" : code + ": "))
                .hasCauseReference(failure);
        message.forEach(part -> assertThat(e).hasMessageContaining(part));
    }

    @Test
    void passesAnAlreadyClassifiedFailureThroughUnchanged() {
        AwsException classified =
                new AwsException(THROTTLED, "GetPolicy", "Throttling", "Rate exceeded", null);

        assertThat(AwsErrors.classify(OPERATION, classified)).isSameAs(classified);
    }

    @ParameterizedTest
    @EnumSource(value = AwsErrorKind.class, mode = EnumSource.Mode.EXCLUDE, names = "NOT_SENT")
    void labelsEveryFailedCallWithAnOutcomeOfTheMetricsContract(AwsErrorKind kind) {
        assertThat(kind.metricOutcome())
                .isIn("throttled", "client_error", "server_error", "timeout");
    }

    @Test
    void labelsNothingForACallThatWasNeverSent() {
        assertThat(AwsErrorKind.NOT_SENT.metricOutcome()).isNull();
        assertThat(AwsErrorKind.NOT_SENT.retryable()).isTrue();
    }

    @Test
    void retriesEverythingButWhatTheLoopHandlesItselfOrTheSpecMustFix() {
        assertThat(Stream.of(AwsErrorKind.values()).filter(k -> !k.retryable()))
                .containsExactlyInAnyOrder(NOT_FOUND, ALREADY_EXISTS, INVALID_INPUT);
    }
}
