package dev.operator.iam.testing;

import dev.operator.iam.emulator.IamEmulator;
import dev.operator.iam.emulator.PolicySnapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in IAM emulator as the tests' AWS account: inspection and out-of-band changes are plain
 * Java calls on its state, so they never appear in {@link IamEmulator#calls()}.
 *
 * <p>The exception is deletion, which the emulator offers no out-of-band method for: it goes
 * through the emulator's IAM API with the same calls as {@link SdkBackend}, so DeletePolicyVersion
 * and DeletePolicy requests for that policy show up in the call log (and are subject to injected
 * faults).
 */
public final class EmulatorBackend implements IamBackend {

    private final IamEmulator emulator;
    private final SdkBackend overTheWire;

    public EmulatorBackend(IamEmulator emulator) {
        this.emulator = emulator;
        this.overTheWire =
                SdkBackend.connect(emulator.endpoint(), SdkBackend.environmentCredentials());
    }

    @Override
    public String accountId() {
        return emulator.accountId();
    }

    @Override
    public List<PolicySnapshot> policies() {
        return emulator.policies();
    }

    @Override
    public Optional<PolicySnapshot> policy(String arn) {
        return emulator.policy(arn);
    }

    @Override
    public PolicySnapshot seedPolicy(
            String name, String path, String document, Map<String, String> tags) {
        return emulator.seedPolicy(name, path, document, tags);
    }

    @Override
    public void putPolicyVersionOutOfBand(String arn, String document) {
        emulator.putPolicyVersionOutOfBand(arn, document);
    }

    @Override
    public void tagPolicyOutOfBand(String arn, Map<String, String> tags) {
        emulator.tagPolicyOutOfBand(arn, tags);
    }

    @Override
    public void untagPolicyOutOfBand(String arn, String... keys) {
        emulator.untagPolicyOutOfBand(arn, keys);
    }

    @Override
    public void attachPolicyOutOfBand(String arn, String entityType, String entityName) {
        emulator.attachPolicyOutOfBand(arn, entityType, entityName);
    }

    @Override
    public void detachPolicyOutOfBand(String arn, String entityType, String entityName) {
        emulator.detachPolicyOutOfBand(arn, entityType, entityName);
    }

    @Override
    public void deletePolicyOutOfBand(String arn) {
        overTheWire.deletePolicyOutOfBand(arn);
    }

    /**
     * Closes the connections of the deletions, not the emulator, which belongs to whoever started
     * it.
     */
    @Override
    public void close() {
        overTheWire.close();
    }
}
