package dev.operator.iam.oidc;

import dev.operator.iam.aws.AccountIdentity;
import dev.operator.iam.aws.AwsCalls;
import dev.operator.iam.aws.AwsErrorKind;
import dev.operator.iam.aws.AwsException;
import dev.operator.iam.aws.AwsTags;
import dev.operator.iam.engine.Drift;
import dev.operator.iam.engine.IamAdapter;
import dev.operator.iam.engine.SpecChecks;
import dev.operator.iam.engine.TagSync;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateOpenIdConnectProviderRequest;
import software.amazon.awssdk.services.iam.model.CreateOpenIdConnectProviderResponse;
import software.amazon.awssdk.services.iam.model.GetOpenIdConnectProviderResponse;

/** The OpenIDConnectProvider kind's side of the engine: every IAM call about OIDC providers. */
@ApplicationScoped
public class OpenIDConnectProviderAdapter
        implements IamAdapter<OpenIDConnectProvider, ObservedOidcProvider> {

    public static final String KIND = "OpenIDConnectProvider";

    /** A SHA-1 thumbprint: 40 hex digits (IAM's ThumbprintList member). */
    private static final Pattern THUMBPRINT = Pattern.compile("[0-9a-fA-F]{40}");

    /** IAM's limits: 5 thumbprints, 100 client ids of 1-255 characters each. */
    static final int MAX_THUMBPRINTS = 5;

    static final int MAX_CLIENT_IDS = 100;
    static final int MAX_CLIENT_ID_LENGTH = 255;

    private final IamClient iam;
    private final AwsCalls calls;
    private final AccountIdentity account;

    public OpenIDConnectProviderAdapter(IamClient iam, AwsCalls calls, AccountIdentity account) {
        this.iam = iam;
        this.calls = calls;
        this.account = account;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Class<OpenIDConnectProvider> resourceClass() {
        return OpenIDConnectProvider.class;
    }

    @Override
    public List<String> operations() {
        return List.of(
                "GetCallerIdentity",
                "GetOpenIDConnectProvider",
                "ListOpenIDConnectProviders",
                "CreateOpenIDConnectProvider",
                "AddClientIDToOpenIDConnectProvider",
                "RemoveClientIDFromOpenIDConnectProvider",
                "UpdateOpenIDConnectProviderThumbprint",
                "TagOpenIDConnectProvider",
                "UntagOpenIDConnectProvider",
                "DeleteOpenIDConnectProvider");
    }

    @Override
    public List<String> validate(OpenIDConnectProvider provider) {
        OpenIDConnectProviderSpec spec = provider.getSpec();
        List<String> problems = new ArrayList<>();
        OidcUrls.check(spec.getUrl(), problems);
        clientIds(spec.getClientIDs(), problems);
        thumbprints(spec.getThumbprints(), problems);
        SpecChecks.tags(spec.getTags(), problems);
        if (problems.isEmpty()) {
            immutableUrl(provider, problems);
        }
        return problems;
    }

    private static void clientIds(List<String> clientIds, List<String> problems) {
        if (clientIds.size() > MAX_CLIENT_IDS) {
            problems.add(
                    "spec.clientIDs has "
                            + clientIds.size()
                            + " entries; IAM allows at most "
                            + MAX_CLIENT_IDS);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < clientIds.size(); i++) {
            String id = clientIds.get(i);
            if (id == null || id.isEmpty() || id.length() > MAX_CLIENT_ID_LENGTH) {
                problems.add(
                        "spec.clientIDs["
                                + i
                                + "] must be 1-"
                                + MAX_CLIENT_ID_LENGTH
                                + " characters, e.g. sts.amazonaws.com");
            } else if (!seen.add(id)) {
                problems.add(
                        "spec.clientIDs["
                                + i
                                + "] \""
                                + id
                                + "\" appears more than once; list each client id once");
            }
        }
    }

    private static void thumbprints(List<String> thumbprints, List<String> problems) {
        if (thumbprints.size() > MAX_THUMBPRINTS) {
            problems.add(
                    "spec.thumbprints has "
                            + thumbprints.size()
                            + " entries; IAM allows at most "
                            + MAX_THUMBPRINTS);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < thumbprints.size(); i++) {
            String t = thumbprints.get(i);
            if (t == null || !THUMBPRINT.matcher(t).matches()) {
                problems.add(
                        "spec.thumbprints["
                                + i
                                + "] \""
                                + t
                                + "\" is not a SHA-1 thumbprint: write the certificate's"
                                + " fingerprint as 40 hex digits without colons, or leave"
                                + " spec.thumbprints empty to let IAM manage them");
            } else if (!seen.add(t.toLowerCase(Locale.ROOT))) {
                problems.add(
                        "spec.thumbprints["
                                + i
                                + "] appears more than once (ignoring case); list each"
                                + " thumbprint once");
            }
        }
    }

    /** The URL is the provider's identity; status remembers which provider this object manages. */
    private static void immutableUrl(OpenIDConnectProvider provider, List<String> problems) {
        String recorded = provider.getStatus() == null ? null : provider.getStatus().getArn();
        if (recorded == null) {
            return;
        }
        String suffix = ":oidc-provider/" + OidcUrls.hostAndPath(provider.getSpec().getUrl());
        if (!recorded.toLowerCase(Locale.ROOT).endsWith(suffix.toLowerCase(Locale.ROOT))) {
            problems.add(
                    "spec.url is immutable: this object manages "
                            + recorded
                            + "; set spec.url back, or create a new object for another provider");
        }
    }

    @Override
    public String naturalKey(OpenIDConnectProvider provider) {
        AccountIdentity.Account a = account.account();
        return OidcUrls.arn(a.partition(), a.id(), provider.getSpec().getUrl());
    }

    /**
     * {@code GetOpenIDConnectProvider} on the ARN derived from the URL; on the ARN recorded in
     * status when it names the same provider (IAM may spell the host in another case).
     */
    @Override
    public Optional<ObservedOidcProvider> observe(OpenIDConnectProvider provider) {
        String key = naturalKey(provider);
        String recorded = provider.getStatus() == null ? null : provider.getStatus().getArn();
        return byArn(recorded != null && OidcUrls.sameProvider(recorded, key) ? recorded : key);
    }

    @Override
    public Optional<ObservedOidcProvider> observeRecorded(OpenIDConnectProvider provider) {
        return byArn(provider.status().recordedArnOrIntentKey());
    }

    /**
     * After EntityAlreadyExists: the provider whose ARN equals ours ignoring case (host names are
     * case-insensitive), found through {@code ListOpenIDConnectProviders} (IAM does not page it).
     */
    @Override
    public Optional<ObservedOidcProvider> observeConflicting(OpenIDConnectProvider provider) {
        Optional<ObservedOidcProvider> exact = observe(provider);
        if (exact.isPresent()) {
            return exact;
        }
        String key = naturalKey(provider);
        return calls
                .call("ListOpenIDConnectProviders", () -> iam.listOpenIDConnectProviders())
                .openIDConnectProviderList()
                .stream()
                .map(p -> p.arn())
                .filter(arn -> OidcUrls.sameProvider(arn, key))
                .findFirst()
                .flatMap(this::byArn);
    }

    private Optional<ObservedOidcProvider> byArn(String arn) {
        GetOpenIdConnectProviderResponse r;
        try {
            r =
                    calls.call(
                            "GetOpenIDConnectProvider",
                            () ->
                                    iam.getOpenIDConnectProvider(
                                            b -> b.openIDConnectProviderArn(arn)));
        } catch (AwsException e) {
            if (e.is(AwsErrorKind.NOT_FOUND)) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(
                new ObservedOidcProvider(
                        arn,
                        OidcUrls.hostAndPath(r.url()),
                        r.clientIDList(),
                        r.thumbprintList(),
                        AwsTags.toMap(r.tags()),
                        r.createDate()));
    }

    @Override
    public ObservedOidcProvider create(OpenIDConnectProvider provider, Map<String, String> tags) {
        OpenIDConnectProviderSpec spec = provider.getSpec();
        CreateOpenIdConnectProviderRequest.Builder request =
                CreateOpenIdConnectProviderRequest.builder()
                        .url(spec.getUrl())
                        .tags(AwsTags.of(tags));
        // Empty lists are left out rather than sent empty: both parameters are optional in IAM,
        // and without thumbprints IAM trusts the provider through its own CA library.
        if (!spec.getClientIDs().isEmpty()) {
            request.clientIDList(spec.getClientIDs());
        }
        if (spec.managesThumbprints()) {
            request.thumbprintList(spec.getThumbprints());
        }
        CreateOpenIdConnectProviderResponse r =
                calls.call(
                        "CreateOpenIDConnectProvider",
                        () -> iam.createOpenIDConnectProvider(request.build()));
        return new ObservedOidcProvider(
                r.openIDConnectProviderArn(),
                OidcUrls.hostAndPath(spec.getUrl()),
                spec.getClientIDs(),
                spec.getThumbprints(),
                tags,
                null);
    }

    @Override
    public Drift diff(
            OpenIDConnectProvider provider,
            ObservedOidcProvider observed,
            Map<String, String> desiredTags) {
        return OidcProviderDiff.diff(provider.getSpec(), desiredTags, observed);
    }

    @Override
    public ObservedOidcProvider update(
            OpenIDConnectProvider provider,
            ObservedOidcProvider observed,
            Drift drift,
            Map<String, String> desiredTags) {
        OpenIDConnectProviderSpec spec = provider.getSpec();
        String arn = observed.arn();
        ObservedOidcProvider result = observed;
        if (drift.has(OidcProviderDiff.CLIENT_IDS)) {
            // Add before remove: the provider never passes through a state with fewer audiences
            // than either the old or the new spec.
            for (String id :
                    OidcProviderDiff.clientIdsToAdd(spec.getClientIDs(), observed.clientIds())) {
                calls.call(
                        "AddClientIDToOpenIDConnectProvider",
                        () ->
                                iam.addClientIDToOpenIDConnectProvider(
                                        b -> b.openIDConnectProviderArn(arn).clientID(id)));
            }
            for (String id :
                    OidcProviderDiff.clientIdsToRemove(spec.getClientIDs(), observed.clientIds())) {
                calls.call(
                        "RemoveClientIDFromOpenIDConnectProvider",
                        () ->
                                iam.removeClientIDFromOpenIDConnectProvider(
                                        b -> b.openIDConnectProviderArn(arn).clientID(id)));
            }
            result = result.withClientIds(spec.getClientIDs());
        }
        if (drift.has(OidcProviderDiff.THUMBPRINTS)) {
            calls.call(
                    "UpdateOpenIDConnectProviderThumbprint",
                    () ->
                            iam.updateOpenIDConnectProviderThumbprint(
                                    b ->
                                            b.openIDConnectProviderArn(arn)
                                                    .thumbprintList(spec.getThumbprints())));
            result = result.withThumbprints(spec.getThumbprints());
        }
        if (drift.has(OidcProviderDiff.TAGS)) {
            TagSync.apply(
                    desiredTags,
                    observed.tags(),
                    toSet ->
                            calls.call(
                                    "TagOpenIDConnectProvider",
                                    () ->
                                            iam.tagOpenIDConnectProvider(
                                                    b ->
                                                            b.openIDConnectProviderArn(arn)
                                                                    .tags(AwsTags.of(toSet)))),
                    toRemove ->
                            calls.call(
                                    "UntagOpenIDConnectProvider",
                                    () ->
                                            iam.untagOpenIDConnectProvider(
                                                    b ->
                                                            b.openIDConnectProviderArn(arn)
                                                                    .tagKeys(toRemove))));
            result = result.withTags(desiredTags);
        }
        return result;
    }

    /**
     * A provider holds nothing IAM makes us remove first; roles trusting it keep their trust
     * policies (IAM does not check them), so deleting is one call. NoSuchEntity is success.
     */
    @Override
    public void delete(OpenIDConnectProvider provider, ObservedOidcProvider observed) {
        try {
            calls.call(
                    "DeleteOpenIDConnectProvider",
                    () ->
                            iam.deleteOpenIDConnectProvider(
                                    b -> b.openIDConnectProviderArn(observed.arn())));
        } catch (AwsException e) {
            if (!e.is(AwsErrorKind.NOT_FOUND)) {
                throw e;
            }
        }
    }

    @Override
    public void recordStatus(OpenIDConnectProvider provider, ObservedOidcProvider observed) {
        OpenIDConnectProviderStatus s = provider.getStatus();
        s.setThumbprints(new ArrayList<>(observed.thumbprints()));
        if (observed.createDate() != null) {
            s.setCreateDate(observed.createDate().toString());
        }
    }
}
