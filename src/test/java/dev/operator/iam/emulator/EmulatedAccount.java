package dev.operator.iam.emulator;

import java.time.Clock;
import java.util.List;

/** The IAM state of one AWS account, and the IAM API acting on it. */
final class EmulatedAccount {

    final String id;
    final PolicyStore store;
    final PrincipalStore principals;
    final IamActions iam;
    final PrincipalXml principalXml = new PrincipalXml();
    final IamService service;

    EmulatedAccount(String id, Clock clock) {
        this.id = id;
        this.store = new PolicyStore(id, clock);
        this.principals = new PrincipalStore(id, clock, store);
        this.iam = new IamActions(store);
        this.service =
                new IamService(
                        List.of(
                                iam,
                                new RoleActions(principals, principalXml),
                                new UserAndGroupActions(principals),
                                new AccessKeyActions(principals),
                                new PrincipalPolicyActions(principals, principalXml),
                                new InstanceProfileActions(principals, principalXml),
                                new OidcProviderActions(principals),
                                new TagActions(principals),
                                new AuthorizationDetailsActions(principals, store, principalXml)));
    }

    /** Forgets every resource; documents go back to URL-encoded, quotas to their defaults. */
    void clear() {
        principals.clear();
        store.clear();
        iam.documentEncoding(DocumentEncoding.URL_ENCODED);
        principalXml.documentEncoding(DocumentEncoding.URL_ENCODED);
        iam.omitTagsFromGetPolicy(false);
    }
}
