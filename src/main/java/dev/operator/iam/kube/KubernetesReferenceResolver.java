package dev.operator.iam.kube;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.engine.Reference;
import dev.operator.iam.engine.ReferenceResolver;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a referenced object of this API from the API server and reports whether it is Ready, with
 * the ARN and AWS name its status records. Read as a generic resource: the engine needs only the
 * common status fields, whatever the kind.
 */
@ApplicationScoped
public class KubernetesReferenceResolver implements ReferenceResolver {

    static final String GROUP = "iam.operator.dev";
    static final String VERSION = "v1alpha1";

    private final KubernetesClient client;

    public KubernetesReferenceResolver(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Target resolve(String namespace, Reference reference) {
        GenericKubernetesResource target =
                client.genericKubernetesResources(context(reference.kind()))
                        .inNamespace(namespace)
                        .withName(reference.name())
                        .get();
        return targetOf(target);
    }

    /** What a referrer may rely on, from the target object as the API server has it. */
    @SuppressWarnings("unchecked")
    static Target targetOf(GenericKubernetesResource target) {
        if (target == null) {
            return Target.missing();
        }
        if (target.getMetadata().getDeletionTimestamp() != null) {
            return Target.notReady("being deleted");
        }
        Object status = target.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> s)) {
            return Target.notReady("not reconciled yet");
        }
        Object conditions = s.get("conditions");
        Map<String, Object> ready =
                conditions instanceof List<?> list
                        ? list.stream()
                                .filter(Map.class::isInstance)
                                .map(c -> (Map<String, Object>) c)
                                .filter(c -> Conditions.READY.equals(c.get("type")))
                                .findFirst()
                                .orElse(null)
                        : null;
        if (ready == null) {
            return Target.notReady("not reconciled yet");
        }
        Object arn = s.get("arn");
        if (!"True".equals(ready.get("status")) || arn == null) {
            return Target.notReady(
                    "Ready="
                            + ready.get("status")
                            + " "
                            + Objects.toString(ready.get("reason"), "")
                            + ": "
                            + Objects.toString(ready.get("message"), ""));
        }
        Object name = s.get("name");
        return Target.ready(arn.toString(), name == null ? null : name.toString());
    }

    static ResourceDefinitionContext context(String kind) {
        String lower = kind.toLowerCase(Locale.ROOT);
        String plural =
                lower.endsWith("y") ? lower.substring(0, lower.length() - 1) + "ies" : lower + "s";
        return new ResourceDefinitionContext.Builder()
                .withGroup(GROUP)
                .withVersion(VERSION)
                .withKind(kind)
                .withPlural(plural)
                .withNamespaced(true)
                .build();
    }
}
