package dev.operator.iam.controller;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.IamStatus;
import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.engine.IamAdapter;
import dev.operator.iam.engine.Reference;
import dev.operator.iam.principal.PrincipalPolicies;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The other direction of {@link ReferenceWatch}: wakes the targets a referrer names ({@code
 * policyRefs} → Policy, or a Policy's ARN in {@code policies}) when the referrer has applied a spec
 * (its Ready condition or its {@code status.observedGeneration} changed) or is gone, for a target
 * kind whose status counts what its referrers do in AWS ({@link IamAdapter#refreshedByReferrers()}:
 * a Policy's {@code attachmentCount}). The referrer's status is written after its attachments are
 * made, so the target's next observation sees them.
 *
 * <p>A reference removed from the referrer's spec wakes the target too: the watch remembers which
 * targets each referrer named when it last applied a spec, and wakes those it no longer names once
 * it has applied the new one (the detachment is done by then).
 */
final class ReferrerWatch<K extends ManagedResource<?, ?>, P extends HasMetadata>
        extends InformerEventSource<K, P> {

    /** The index of the primary cache (the targets) by {@code status.arn}. */
    static final String BY_ARN = "by-arn";

    private final IamAdapter<K, ?> referrers;
    private final String targetKind;
    private final EventSourceContext<P> context;
    private final Map<ResourceID, Set<ResourceID>> named = new ConcurrentHashMap<>();

    private ReferrerWatch(
            InformerEventSourceConfiguration<K> config,
            EventSourceContext<P> context,
            IamAdapter<K, ?> referrers,
            String targetKind) {
        super(config, context);
        this.referrers = referrers;
        this.targetKind = targetKind;
        this.context = context;
    }

    /**
     * Indexes the controller's own objects by {@code status.arn}, so that a referrer naming one by
     * ARN finds it without a list; once per controller, before its {@link #on} watches.
     */
    static <P extends HasMetadata> void indexByArn(EventSourceContext<P> context) {
        context.getPrimaryCache()
                .addIndexer(
                        BY_ARN,
                        target ->
                                target instanceof ManagedResource<?, ?> r
                                                && r.getStatus() != null
                                                && r.getStatus().getArn() != null
                                        ? List.of(r.getStatus().getArn())
                                        : List.of());
    }

    /**
     * A watch, for the controller of {@code context} (indexed by {@link #indexByArn}), on the
     * objects of {@code referrers}.
     */
    static <K extends ManagedResource<?, ?>, P extends HasMetadata> ReferrerWatch<K, P> on(
            IamAdapter<K, ?> referrers, EventSourceContext<P> context) {
        Class<K> referrerClass = referrers.resourceClass();
        String targetKind = HasMetadata.getKind(context.getPrimaryResourceClass());
        InformerEventSourceConfiguration<K> config =
                InformerEventSourceConfiguration.from(
                                referrerClass, context.getPrimaryResourceClass())
                        .withName("referrers-" + referrerClass.getSimpleName())
                        .withNamespacesInheritedFromController()
                        .withSecondaryToPrimaryMapper(
                                k -> targetsOf(referrers, targetKind, context, k))
                        .withOnUpdateFilter(ReferrerWatch::applied)
                        .build();
        return new ReferrerWatch<>(config, context, referrers, targetKind);
    }

    @Override
    public void onAdd(K referrer) {
        named.put(ResourceID.fromResource(referrer), targetsOf(referrer));
        super.onAdd(referrer);
    }

    @Override
    public void onUpdate(K before, K now) {
        super.onUpdate(before, now);
        if (!applied(now, before)) {
            return;
        }
        Set<ResourceID> targets = targetsOf(now);
        Set<ResourceID> dropped =
                new HashSet<>(named.getOrDefault(ResourceID.fromResource(now), Set.of()));
        dropped.removeAll(targets);
        named.put(ResourceID.fromResource(now), targets);
        dropped.forEach(target -> getEventHandler().handleEvent(new Event(target)));
    }

    @Override
    public synchronized void onDelete(K referrer, boolean deletedFinalStateUnknown) {
        named.remove(ResourceID.fromResource(referrer));
        super.onDelete(referrer, deletedFinalStateUnknown);
    }

    /** The targets of our kind that {@code referrer} names now, in its namespace. */
    private Set<ResourceID> targetsOf(K referrer) {
        return targetsOf(referrers, targetKind, context, referrer);
    }

    /**
     * By name in its references ({@code policyRefs}), and by ARN in {@code policies} (only our
     * objects of the referrer's namespace: another namespace's objects are not its to wake).
     */
    private static <K extends ManagedResource<?, ?>, P extends HasMetadata>
            Set<ResourceID> targetsOf(
                    IamAdapter<K, ?> referrers,
                    String targetKind,
                    EventSourceContext<P> context,
                    K referrer) {
        if (referrer.getSpec() == null) {
            return Set.of();
        }
        String namespace = referrer.getMetadata().getNamespace();
        Stream<ResourceID> byName =
                referrers.references(referrer).stream()
                        .filter(ref -> ref.kind().equals(targetKind))
                        .map(Reference::name)
                        .filter(Objects::nonNull)
                        .map(name -> new ResourceID(name, namespace));
        List<String> arns =
                referrer.getSpec() instanceof PrincipalPolicies p && p.getPolicies() != null
                        ? p.getPolicies()
                        : List.of();
        Stream<ResourceID> byArn =
                arns.stream()
                        .filter(Objects::nonNull)
                        .flatMap(arn -> context.getPrimaryCache().byIndex(BY_ARN, arn).stream())
                        .filter(t -> namespace.equals(t.getMetadata().getNamespace()))
                        .map(ResourceID::fromResource);
        return Stream.concat(byName, byArn).collect(Collectors.toSet());
    }

    /** The referrer has applied a spec, or stopped being Ready, or is being deleted. */
    static boolean applied(ManagedResource<?, ?> now, ManagedResource<?, ?> before) {
        IamStatus a = now.getStatus();
        IamStatus b = before.getStatus();
        boolean readyNow = a != null && Conditions.isTrue(a, Conditions.READY);
        boolean readyBefore = b != null && Conditions.isTrue(b, Conditions.READY);
        return readyNow != readyBefore
                || !Objects.equals(
                        a == null ? null : a.getObservedGeneration(),
                        b == null ? null : b.getObservedGeneration())
                || !Objects.equals(
                        now.getMetadata().getDeletionTimestamp(),
                        before.getMetadata().getDeletionTimestamp());
    }
}
