package dev.operator.iam.oidc;

import dev.operator.iam.engine.Drift;
import dev.operator.iam.engine.TagSets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pure comparison of an OpenIDConnectProvider spec with what IAM holds. Client ids are compared as
 * a set of exact strings (an audience is case-sensitive), thumbprints as a set of hex strings
 * ignoring case (IAM may return them in either case), tags as a set. The URL cannot change in IAM
 * and is guarded by validation instead.
 */
public final class OidcProviderDiff {

    public static final String CLIENT_IDS = "clientIDs";
    public static final String THUMBPRINTS = "thumbprints";
    public static final String TAGS = "tags";

    private OidcProviderDiff() {}

    public static Drift diff(
            OpenIDConnectProviderSpec spec,
            Map<String, String> desiredTags,
            ObservedOidcProvider observed) {
        return Drift.builder()
                .check(
                        CLIENT_IDS,
                        !Set.copyOf(spec.getClientIDs()).equals(Set.copyOf(observed.clientIds())))
                .check(
                        THUMBPRINTS,
                        spec.managesThumbprints()
                                && !normalized(spec.getThumbprints())
                                        .equals(normalized(observed.thumbprints())))
                .check(TAGS, TagSets.differ(desiredTags, observed.tags()))
                .build();
    }

    /** Client ids the spec has and IAM does not, in spec order. */
    public static List<String> clientIdsToAdd(List<String> desired, List<String> observed) {
        Set<String> toAdd = new LinkedHashSet<>(desired);
        toAdd.removeAll(Set.copyOf(observed));
        return List.copyOf(toAdd);
    }

    /** Client ids IAM has and the spec does not. */
    public static List<String> clientIdsToRemove(List<String> desired, List<String> observed) {
        Set<String> toRemove = new LinkedHashSet<>(observed);
        toRemove.removeAll(Set.copyOf(desired));
        return List.copyOf(toRemove);
    }

    /** Thumbprints as IAM compares them: hex digits, case ignored, order and repeats ignored. */
    static Set<String> normalized(Collection<String> thumbprints) {
        Set<String> s = new TreeSet<>();
        thumbprints.forEach(t -> s.add(t.trim().toLowerCase(Locale.ROOT)));
        return s;
    }
}
