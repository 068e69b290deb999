package dev.operator.iam.emulator;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.services.iam.model.IamException;

/** What the AWS SDK made of an emulator's error answer. */
final class SdkErrors {

    private SdkErrors() {}

    /**
     * The IAM error code the call failed with.
     *
     * @throws AssertionError if the call succeeded or failed otherwise
     */
    static String errorCode(ThrowingCallable call) {
        String[] code = new String[1];
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        IamException.class, e -> code[0] = e.awsErrorDetails().errorCode());
        return code[0];
    }

    /** The error message of the failed call. */
    static String errorMessage(ThrowingCallable call) {
        String[] message = new String[1];
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        IamException.class, e -> message[0] = e.awsErrorDetails().errorMessage());
        return message[0];
    }
}
