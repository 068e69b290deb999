package dev.operator.iam.controller;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.engine.IamAdapter;
import dev.operator.iam.engine.ReconcileEngine;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The validating admission webhook ({@value #PATH}): refuses at {@code kubectl apply} what a
 * reconcile would refuse before its first AWS call (an invalid spec, what the namespace's
 * TenantPolicy forbids), with the same message, through the engine's own steps ({@link
 * ReconcileEngine#admit}). Served by every replica, leader or standby.
 *
 * <p>An update that changes neither spec nor annotations (the operator adding or removing its
 * finalizer) and anything about an object being deleted are always allowed: deleting an object
 * never needs a valid spec, and the operator must be able to finish what it started.
 */
@ApplicationScoped
public class AdmissionWebhook {

    public static final String PATH = "/admission/validate";

    private static final Logger LOG = Logger.getLogger(AdmissionWebhook.class);

    private final ReconcileEngine engine;
    private final KubernetesClient client;
    private final ObjectMapper json;
    private final Map<String, IamAdapter<?, ?>> adapters = new HashMap<>();

    public AdmissionWebhook(
            ReconcileEngine engine,
            KubernetesClient client,
            ObjectMapper json,
            @Any Instance<IamAdapter<?, ?>> adapters) {
        this.engine = engine;
        this.client = client;
        this.json = json;
        adapters.forEach(a -> this.adapters.put(a.kind(), a));
    }

    void route(@Observes Router router) {
        router.post(PATH).handler(BodyHandler.create()).blockingHandler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        AdmissionReview answer;
        try {
            AdmissionReview review = json.readValue(ctx.body().asString(), AdmissionReview.class);
            answer = review(review);
        } catch (Exception e) {
            LOG.warnf("admission request not understood: %s", e.getMessage());
            ctx.response().setStatusCode(400).end(String.valueOf(e.getMessage()));
            return;
        }
        try {
            ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .end(json.writeValueAsString(answer));
        } catch (Exception e) {
            ctx.fail(e);
        }
    }

    /** The answer to one AdmissionReview: same apiVersion and kind, the request's uid. */
    AdmissionReview review(AdmissionReview review) throws Exception {
        AdmissionRequest request = review.getRequest();
        Optional<String> refusal = refusal(request);
        AdmissionResponseBuilder response =
                new AdmissionResponseBuilder()
                        .withUid(request.getUid())
                        .withAllowed(refusal.isEmpty());
        refusal.ifPresent(
                message ->
                        response.withStatus(
                                new StatusBuilder()
                                        .withCode(403)
                                        .withReason("Forbidden")
                                        .withMessage(message)
                                        .build()));
        AdmissionResponse built = response.build();
        AdmissionReview answer = new AdmissionReview();
        answer.setApiVersion(review.getApiVersion());
        answer.setKind(review.getKind());
        answer.setResponse(built);
        return answer;
    }

    private Optional<String> refusal(AdmissionRequest request) throws Exception {
        String operation = request.getOperation();
        if (!"CREATE".equals(operation) && !"UPDATE".equals(operation)) {
            return Optional.empty();
        }
        IamAdapter<?, ?> adapter = adapters.get(request.getKind().getKind());
        if (adapter == null) {
            return Optional.empty();
        }
        return decide(adapter, request);
    }

    private <R extends ManagedResource<?, ?>> Optional<String> decide(
            IamAdapter<R, ?> adapter, AdmissionRequest request) throws Exception {
        R object = json.convertValue(request.getObject(), adapter.resourceClass());
        if (object.getMetadata().getNamespace() == null) {
            object.getMetadata().setNamespace(request.getNamespace());
        }
        if (object.getMetadata().getDeletionTimestamp() != null) {
            return Optional.empty();
        }
        if ("UPDATE".equals(request.getOperation()) && request.getOldObject() != null) {
            R old = json.convertValue(request.getOldObject(), adapter.resourceClass());
            boolean sameSpec =
                    Objects.equals(
                            json.valueToTree(old.getSpec()), json.valueToTree(object.getSpec()));
            boolean sameAnnotations =
                    Objects.equals(
                            old.getMetadata().getAnnotations(),
                            object.getMetadata().getAnnotations());
            if (sameSpec && sameAnnotations) {
                return Optional.empty();
            }
        }
        return engine.admit(object, adapter, new ApiSurroundings(client, adapter.resourceClass()));
    }
}
