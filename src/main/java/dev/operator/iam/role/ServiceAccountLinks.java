package dev.operator.iam.role;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.Reason;
import dev.operator.iam.api.ResourcePolicies;
import dev.operator.iam.engine.EventRecorder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * The Kubernetes side of {@code spec.serviceAccounts} with IRSA: once the role exists, each listed
 * ServiceAccount of the Role's namespace gets {@code eks.amazonaws.com/role-arn}, so that the EKS
 * pod identity webhook gives its pods the role. The operator marks what it wrote with {@value
 * #WRITTEN_BY} (the Role object's name) and only ever changes or removes an annotation carrying its
 * mark: a ServiceAccount already annotated by someone else is left alone and reported. A
 * ServiceAccount created later is annotated when it appears (a watch on ServiceAccounts wakes the
 * Role); one dropped from the list, or every one when the Role is deleted, loses the annotation.
 * With {@code deletion-policy: retain} the role stays in AWS, so the annotation stays and only the
 * mark goes: it is handed over with the role.
 */
public final class ServiceAccountLinks {

    public static final String ROLE_ARN = "eks.amazonaws.com/role-arn";
    public static final String WRITTEN_BY = "iam.operator.dev/role-arn-written-by";

    private static final Logger LOG = Logger.getLogger(ServiceAccountLinks.class);
    private static final String INDEX = "service-accounts";

    private final EventRecorder events;

    /** The ServiceAccounts cache, once the controller has started its event sources. */
    private volatile InformerEventSource<ServiceAccount, Role> serviceAccounts;

    ServiceAccountLinks(EventRecorder events) {
        this.events = events;
    }

    /** Wakes a Role when a ServiceAccount it lists, or one it annotated, appears or changes. */
    InformerEventSource<ServiceAccount, Role> watch(EventSourceContext<Role> context) {
        serviceAccounts = source(context);
        return serviceAccounts;
    }

    private static InformerEventSource<ServiceAccount, Role> source(
            EventSourceContext<Role> context) {
        context.getPrimaryCache()
                .addIndexer(
                        INDEX,
                        role ->
                                listed(role).stream()
                                        .map(n -> key(role.getMetadata().getNamespace(), n))
                                        .toList());
        InformerEventSourceConfiguration<ServiceAccount> config =
                InformerEventSourceConfiguration.from(ServiceAccount.class, Role.class)
                        .withName("role-ServiceAccount")
                        .withNamespacesInheritedFromController()
                        .withSecondaryToPrimaryMapper(sa -> roles(context, sa))
                        .withOnUpdateFilter(ServiceAccountLinks::mattersToRoles)
                        .build();
        return new InformerEventSource<>(config, context);
    }

    /**
     * A change of the annotations, except the operator's own write of the role's ARN with its mark
     * (which would only cost the Role a reconcile and its IAM reads to find nothing to do).
     */
    static boolean mattersToRoles(ServiceAccount now, ServiceAccount before) {
        Map<String, String> a = annotations(now);
        Map<String, String> b = annotations(before);
        if (Objects.equals(a, b)) {
            return false;
        }
        Map<String, String> othersNow = new java.util.HashMap<>(a);
        Map<String, String> othersBefore = new java.util.HashMap<>(b);
        for (String key : new String[] {ROLE_ARN, WRITTEN_BY}) {
            othersNow.remove(key);
            othersBefore.remove(key);
        }
        boolean ourWrite = a.containsKey(WRITTEN_BY) && a.containsKey(ROLE_ARN);
        return !(ourWrite && othersNow.equals(othersBefore));
    }

    private static Set<ResourceID> roles(EventSourceContext<Role> context, ServiceAccount sa) {
        String namespace = sa.getMetadata().getNamespace();
        Set<ResourceID> roles = new HashSet<>();
        context.getPrimaryCache()
                .byIndex(INDEX, key(namespace, sa.getMetadata().getName()))
                .forEach(r -> roles.add(ResourceID.fromResource(r)));
        String writer = annotations(sa).get(WRITTEN_BY);
        if (writer != null) {
            roles.add(new ResourceID(writer, namespace));
        }
        return roles;
    }

    /**
     * After a reconcile: annotates the listed ServiceAccounts and releases those no longer listed.
     * Does nothing until the role is Ready (its ARN known); a Role that is not Ready keeps what it
     * wrote, as AWS keeps the role.
     */
    void sync(Role role, Context<Role> context) {
        if (role.getStatus() == null
                || role.getStatus().getArn() == null
                || !Conditions.isTrue(role.getStatus(), Conditions.READY)
                || role.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        String arn = role.getStatus().getArn();
        String name = role.getMetadata().getName();
        Set<String> wanted = listed(role);
        for (ServiceAccount sa : inNamespaceOf(role)) {
            Map<String, String> a = annotations(sa);
            boolean ours = name.equals(a.get(WRITTEN_BY));
            if (wanted.contains(sa.getMetadata().getName())) {
                if (ours && arn.equals(a.get(ROLE_ARN))) {
                    continue;
                }
                if (!ours && a.containsKey(ROLE_ARN)) {
                    events.warning(
                            role,
                            Reason.NotPermitted,
                            "ServiceAccount "
                                    + sa.getMetadata().getName()
                                    + " already has "
                                    + ROLE_ARN
                                    + " "
                                    + a.get(ROLE_ARN)
                                    + ", not written for this Role: it is left as it is; remove"
                                    + " that annotation to let this Role annotate it");
                    continue;
                }
                edit(
                        context,
                        sa,
                        s -> {
                            s.getMetadata().getAnnotations().put(ROLE_ARN, arn);
                            s.getMetadata().getAnnotations().put(WRITTEN_BY, name);
                            return s;
                        });
                LOG.infof(
                        "annotated ServiceAccount %s/%s with %s %s",
                        sa.getMetadata().getNamespace(), sa.getMetadata().getName(), ROLE_ARN, arn);
            } else if (ours) {
                release(context, sa, arn, false);
            }
        }
    }

    /** When the Role is gone: every ServiceAccount it annotated loses the annotation. */
    void releaseAll(Role role, Context<Role> context) {
        boolean retained;
        try {
            retained = ResourcePolicies.retainedOnDelete(role).isPresent();
        } catch (ResourcePolicies.InvalidAnnotationException e) {
            retained = true;
        }
        String arn = role.getStatus() == null ? null : role.getStatus().getArn();
        for (ServiceAccount sa : inNamespaceOf(role)) {
            if (role.getMetadata().getName().equals(annotations(sa).get(WRITTEN_BY))) {
                release(context, sa, arn, retained);
            }
        }
    }

    /**
     * Removes the mark and, unless the role is retained, the annotation when it still holds the ARN
     * this Role wrote (one changed by hand is not ours any more).
     */
    private static void release(
            Context<Role> context, ServiceAccount sa, String arn, boolean keepAnnotation) {
        edit(
                context,
                sa,
                s -> {
                    Map<String, String> a = s.getMetadata().getAnnotations();
                    if (!keepAnnotation && arn != null && arn.equals(a.get(ROLE_ARN))) {
                        a.remove(ROLE_ARN);
                    }
                    a.remove(WRITTEN_BY);
                    return s;
                });
        LOG.infof(
                "released ServiceAccount %s/%s (%s)",
                sa.getMetadata().getNamespace(),
                sa.getMetadata().getName(),
                keepAnnotation ? "annotation kept with the retained role" : "annotation removed");
    }

    private static void edit(
            Context<Role> context, ServiceAccount sa, UnaryOperator<ServiceAccount> change) {
        KubernetesClient client = context.getClient();
        try {
            client.serviceAccounts()
                    .inNamespace(sa.getMetadata().getNamespace())
                    .withName(sa.getMetadata().getName())
                    .edit(
                            s -> {
                                if (s.getMetadata().getAnnotations() == null) {
                                    s.getMetadata().setAnnotations(new java.util.HashMap<>());
                                }
                                return change.apply(s);
                            });
        } catch (KubernetesClientException e) {
            // Gone in the meantime, or a conflict: the watch brings the Role back.
            LOG.debugf(
                    "ServiceAccount %s/%s not changed: %s",
                    sa.getMetadata().getNamespace(), sa.getMetadata().getName(), e.getMessage());
        }
    }

    /**
     * The ServiceAccounts of the Role's namespace from the watch's cache (a Role listing one that
     * existed before the Role still finds it; no GET per reconcile).
     */
    private List<ServiceAccount> inNamespaceOf(Role role) {
        InformerEventSource<ServiceAccount, Role> source = serviceAccounts;
        return source == null
                ? List.of()
                : source.list(role.getMetadata().getNamespace(), sa -> true).toList();
    }

    /** The ServiceAccounts the Role annotates: those listed, when the method includes IRSA. */
    private static Set<String> listed(Role role) {
        RoleSpec spec = role.getSpec();
        if (spec == null
                || !spec.forServiceAccounts()
                || !spec.effectiveServiceAccountTrust().irsa()) {
            return Set.of();
        }
        return new HashSet<>(spec.getServiceAccounts().stream().filter(Objects::nonNull).toList());
    }

    private static Map<String, String> annotations(ServiceAccount sa) {
        Map<String, String> a = sa.getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
