package dev.operator.iam.emulator;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Routes each awsQuery request to IAM or STS (told apart by the {@code Version} parameter, as both
 * share one endpoint here), applies the emulator's {@link Pace} and the configured faults around
 * the execution and logs the call.
 */
final class QueryDispatcher implements BlockingHttpServer.Handler {

    private static final System.Logger LOG = System.getLogger(QueryDispatcher.class.getName());

    private final QueryService iam;
    private final QueryService sts;
    private final Faults faults;
    private final CallLog calls;
    private final Pace pace;

    QueryDispatcher(QueryService iam, QueryService sts, Faults faults, CallLog calls, Pace pace) {
        this.iam = iam;
        this.sts = sts;
        this.faults = faults;
        this.calls = calls;
        this.pace = pace;
    }

    @Override
    public Optional<HttpResponseMessage> handle(HttpRequestMessage http) {
        String requestId = Ids.requestId();
        QueryRequest request;
        try {
            request = QueryRequest.parse(http);
        } catch (ServiceError e) {
            calls.arrive("", Map.of()).complete(e.status(), e.code(), null);
            return Optional.of(QueryResponses.error(iam.namespace(), e, requestId));
        }
        QueryService service = request.version().equals(StsActions.VERSION) ? sts : iam;
        String action = request.action();
        CallLog.Entry call = calls.arrive(action, request.params());

        // IAM decides on arrival whether the account's quota allows the call; STS has its own.
        boolean rateExceeded = service == iam && !pace.admit();
        if (!pace.latency().isZero() && !pace.sleep(pace.latency())) {
            return Optional.empty(); // interrupted: the emulator is closing
        }
        if (rateExceeded) {
            ServiceError error = ServiceError.throttling();
            call.complete(error.status(), error.code(), Pace.RATE_EXCEEDED);
            return Optional.of(QueryResponses.error(service.namespace(), error, requestId));
        }
        Duration latency = faults.latencyFor(action);
        if (!latency.isZero() && !pace.sleep(latency)) {
            return Optional.empty(); // interrupted: the emulator is closing
        }
        Optional<Faults.Injection> injection = faults.injectionFor(action);
        if (injection.isPresent()) {
            ServiceError error = injection.get().error();
            call.complete(error.status(), error.code(), injection.get().fault());
            return Optional.of(QueryResponses.error(service.namespace(), error, requestId));
        }

        Outcome outcome = execute(service, request, requestId);
        Optional<Faults.AfterCommit> afterCommit = faults.afterCommitFor(action);
        String fault =
                afterCommit
                        .map(Faults.AfterCommit::fault)
                        .orElse(latency.isZero() ? null : "delayed");
        call.complete(outcome.response().status(), outcome.errorCode(), fault);
        if (afterCommit.isPresent() && !afterCommit.get().deliver()) {
            return Optional.empty();
        }
        return Optional.of(outcome.response());
    }

    private static Outcome execute(QueryService service, QueryRequest request, String requestId) {
        try {
            Consumer<Xml> result = service.execute(request);
            HttpResponseMessage response =
                    QueryResponses.success(
                            service.namespace(), request.action(), result, requestId);
            return new Outcome(response, null);
        } catch (ServiceError e) {
            return new Outcome(QueryResponses.error(service.namespace(), e, requestId), e.code());
        } catch (RuntimeException e) {
            // an emulator bug: answer as AWS does for its own failures so the test fails visibly
            LOG.log(System.Logger.Level.ERROR, "IAM emulator failed on " + request.action(), e);
            ServiceError failure = ServiceError.serviceFailure("Emulator failure: " + e);
            return new Outcome(
                    QueryResponses.error(service.namespace(), failure, requestId), failure.code());
        }
    }

    /**
     * @param errorCode {@code null} on success
     */
    private record Outcome(HttpResponseMessage response, String errorCode) {}
}
