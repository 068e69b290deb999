package dev.operator.iam.controller;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.IamStatus;
import dev.operator.iam.api.ManagedResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Wakes the objects that refer to a target ({@code policyRefs} → Policy) when the target becomes
 * Ready, changes its ARN, or goes away, so that a {@code WaitingForReference} object converges at
 * once rather than at the next resync. Referrers are found through an index of the primary cache
 * keyed by namespace and target name: no list of all objects per event.
 */
public final class ReferenceWatch {

    private ReferenceWatch() {}

    /**
     * An event source for {@code controller} on {@code target} objects.
     *
     * @param referencedNames the names of {@code target} objects a primary refers to, in its
     *     namespace
     */
    public static <T extends ManagedResource<?, ?>, P extends HasMetadata>
            InformerEventSource<T, P> on(
                    Class<T> target,
                    EventSourceContext<P> context,
                    Function<P, Collection<String>> referencedNames) {
        String index = "references-" + target.getSimpleName();
        context.getPrimaryCache()
                .addIndexer(
                        index,
                        primary ->
                                referencedNames.apply(primary).stream()
                                        .filter(Objects::nonNull)
                                        .distinct()
                                        .map(n -> key(primary.getMetadata().getNamespace(), n))
                                        .toList());
        InformerEventSourceConfiguration<T> config =
                InformerEventSourceConfiguration.from(target, context.getPrimaryResourceClass())
                        .withName(index)
                        .withNamespacesInheritedFromController()
                        .withSecondaryToPrimaryMapper(t -> referrers(context, index, t))
                        .withOnUpdateFilter(ReferenceWatch::mattersToReferrers)
                        .build();
        return new InformerEventSource<>(config, context);
    }

    private static <P extends HasMetadata> Set<ResourceID> referrers(
            EventSourceContext<P> context, String index, HasMetadata target) {
        List<P> primaries =
                context.getPrimaryCache()
                        .byIndex(
                                index,
                                key(
                                        target.getMetadata().getNamespace(),
                                        target.getMetadata().getName()));
        return primaries.stream().map(ResourceID::fromResource).collect(Collectors.toSet());
    }

    /** Only what a referrer reads: readiness, ARN, AWS name, deletion. */
    static boolean mattersToReferrers(ManagedResource<?, ?> now, ManagedResource<?, ?> before) {
        IamStatus a = now.getStatus();
        IamStatus b = before.getStatus();
        boolean readyNow = a != null && Conditions.isTrue(a, Conditions.READY);
        boolean readyBefore = b != null && Conditions.isTrue(b, Conditions.READY);
        return readyNow != readyBefore
                || !Objects.equals(a == null ? null : a.getArn(), b == null ? null : b.getArn())
                || !Objects.equals(a == null ? null : a.getName(), b == null ? null : b.getName())
                || !Objects.equals(
                        now.getMetadata().getDeletionTimestamp(),
                        before.getMetadata().getDeletionTimestamp());
    }

    static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
