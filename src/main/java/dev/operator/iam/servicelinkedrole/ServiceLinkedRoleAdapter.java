package dev.operator.iam.servicelinkedrole;

import dev.operator.iam.api.Reason;
import dev.operator.iam.aws.AwsCalls;
import dev.operator.iam.aws.AwsErrorKind;
import dev.operator.iam.aws.AwsException;
import dev.operator.iam.aws.AwsTags;
import dev.operator.iam.aws.Paging;
import dev.operator.iam.engine.Drift;
import dev.operator.iam.engine.EventRecorder;
import dev.operator.iam.engine.IamAdapter;
import dev.operator.iam.engine.SpecChecks;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateServiceLinkedRoleRequest;
import software.amazon.awssdk.services.iam.model.DeletionTaskFailureReasonType;
import software.amazon.awssdk.services.iam.model.GetServiceLinkedRoleDeletionStatusResponse;
import software.amazon.awssdk.services.iam.model.ListRolesResponse;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * The ServiceLinkedRole kind's side of the engine. IAM takes no tags on CreateServiceLinkedRole
 * ({@link #taggable()} is false): the role is ours by the create intent the engine records before
 * creating it, and afterwards by the RoleId recorded in status. The operator does not tag the role
 * afterwards either: ownership would not depend on it, and a service-linked role is the service's,
 * not a place for the operator's markers.
 */
@ApplicationScoped
public class ServiceLinkedRoleAdapter
        implements IamAdapter<ServiceLinkedRole, ObservedServiceLinkedRole> {

    public static final String KIND = "ServiceLinkedRole";

    /** IAM's description characters (CreateServiceLinkedRole, UpdateRole). */
    private static final Pattern DESCRIPTION =
            Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*");

    private static final Pattern SERVICE_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");

    private final IamClient iam;
    private final AwsCalls calls;
    private final EventRecorder events;

    public ServiceLinkedRoleAdapter(IamClient iam, AwsCalls calls, EventRecorder events) {
        this.iam = iam;
        this.calls = calls;
        this.events = events;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Class<ServiceLinkedRole> resourceClass() {
        return ServiceLinkedRole.class;
    }

    @Override
    public boolean taggable() {
        return false;
    }

    @Override
    public List<String> operations() {
        return List.of(
                "ListRoles",
                "GetRole",
                "CreateServiceLinkedRole",
                "UpdateRole",
                "DeleteServiceLinkedRole",
                "GetServiceLinkedRoleDeletionStatus");
    }

    @Override
    public List<String> validate(ServiceLinkedRole role) {
        ServiceLinkedRoleSpec spec = role.getSpec();
        List<String> problems = new ArrayList<>();
        String service = spec.getAwsServiceName();
        if (service == null || service.isBlank()) {
            problems.add(
                    "spec.awsServiceName is required: name the AWS service the role is for, e.g."
                            + " autoscaling.amazonaws.com");
        } else if (!SERVICE_NAME.matcher(service).matches()) {
            problems.add(
                    "spec.awsServiceName \""
                            + service
                            + "\" is not a service principal: write the service's host name, e.g."
                            + " autoscaling.amazonaws.com");
        }
        String suffix = spec.getCustomSuffix();
        if (suffix != null && !suffix.isEmpty()) {
            SpecChecks.name("spec.customSuffix", suffix, problems);
            SpecChecks.maxLength("spec.customSuffix", suffix, 64, problems);
        }
        String description = spec.getDescription();
        SpecChecks.maxLength("spec.description", description, 1000, problems);
        if (description != null && !DESCRIPTION.matcher(description).matches()) {
            problems.add(
                    "spec.description contains characters IAM does not accept: use printable"
                            + " ASCII, Latin-1 letters, tabs and line breaks");
        }
        if (problems.isEmpty()) {
            immutables(role, problems);
        }
        return problems;
    }

    /** The service and the suffix make the role's path and name; status remembers the role. */
    private static void immutables(ServiceLinkedRole role, List<String> problems) {
        String recorded = role.getStatus() == null ? null : role.getStatus().getArn();
        ServiceLinkedRoleSpec spec = role.getSpec();
        if (recorded != null
                && !ServiceLinkedRoleNames.arnMatches(
                        recorded, spec.getAwsServiceName(), spec.effectiveSuffix())) {
            problems.add(
                    "spec.awsServiceName and spec.customSuffix are immutable: this object manages "
                            + recorded
                            + "; set them back, or create a new object for another role");
        }
    }

    @Override
    public String naturalKey(ServiceLinkedRole role) {
        return ServiceLinkedRoleNames.key(
                role.getSpec().getAwsServiceName(), role.getSpec().effectiveSuffix());
    }

    /**
     * The role recorded in status when there is one ({@code GetRole}); otherwise the role at the
     * service's path whose name carries the suffix (or none), found with {@code ListRoles}.
     */
    @Override
    public Optional<ObservedServiceLinkedRole> observe(ServiceLinkedRole role) {
        ServiceLinkedRoleSpec spec = role.getSpec();
        String recordedArn = role.getStatus() == null ? null : role.getStatus().getArn();
        String recordedName = role.getStatus() == null ? null : role.getStatus().getName();
        if (recordedArn != null
                && recordedName != null
                && ServiceLinkedRoleNames.arnMatches(
                        recordedArn, spec.getAwsServiceName(), spec.effectiveSuffix())) {
            Optional<ObservedServiceLinkedRole> recorded = byName(recordedName);
            if (recorded.isPresent()) {
                return recorded;
            }
        }
        return listed(ServiceLinkedRoleNames.path(spec.getAwsServiceName()), spec.effectiveSuffix())
                .flatMap(this::byName);
    }

    /**
     * The role recorded in status; with only a create intent, the role its key describes (the
     * service's path and the suffix), as {@link #observe} would find it.
     */
    @Override
    public Optional<ObservedServiceLinkedRole> observeRecorded(ServiceLinkedRole role) {
        ServiceLinkedRoleStatus status = role.status();
        if (status.getName() != null) {
            return byName(status.getName());
        }
        ServiceLinkedRoleNames.IntentKey key =
                ServiceLinkedRoleNames.parseKey(status.getCreateIntent().getKey());
        return listed(key.path(), key.customSuffix()).flatMap(this::byName);
    }

    private Optional<String> listed(String path, String customSuffix) {
        List<String> names =
                Paging.all(
                                marker -> {
                                    ListRolesResponse r =
                                            calls.call(
                                                    "ListRoles",
                                                    () ->
                                                            iam.listRoles(
                                                                    b ->
                                                                            b.pathPrefix(path)
                                                                                    .marker(
                                                                                            marker)));
                                    return Paging.Page.of(r.roles(), r.isTruncated(), r.marker());
                                })
                        // PathPrefix matches prefixes: /aws-service-role/a.com/ is not
                        // /aws-service-role/a.com.cn/, but keep only the exact path anyway.
                        .filter(r -> path.equalsIgnoreCase(r.path()))
                        .map(Role::roleName)
                        .toList();
        return ServiceLinkedRoleNames.pick(names, customSuffix);
    }

    private Optional<ObservedServiceLinkedRole> byName(String name) {
        Role r;
        try {
            r = calls.call("GetRole", () -> iam.getRole(b -> b.roleName(name))).role();
        } catch (AwsException e) {
            if (e.is(AwsErrorKind.NOT_FOUND)) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(toObserved(r));
    }

    /**
     * CreateServiceLinkedRole. IAM reports a role that already exists as InvalidInput ("Service
     * role name ... has been taken in this account"), not EntityAlreadyExists: it is turned into
     * the latter so that the engine looks the role up instead of calling the spec invalid.
     */
    @Override
    public ObservedServiceLinkedRole create(ServiceLinkedRole role, Map<String, String> ignored) {
        ServiceLinkedRoleSpec spec = role.getSpec();
        CreateServiceLinkedRoleRequest request =
                CreateServiceLinkedRoleRequest.builder()
                        .awsServiceName(spec.getAwsServiceName())
                        .customSuffix(spec.effectiveSuffix())
                        .description(spec.getDescription())
                        .build();
        Role created;
        try {
            created =
                    calls.call(
                                    "CreateServiceLinkedRole",
                                    () -> iam.createServiceLinkedRole(request))
                            .role();
        } catch (AwsException e) {
            if (!e.is(AwsErrorKind.INVALID_INPUT)
                    || !e.getMessage().toLowerCase(Locale.ROOT).contains("has been taken")) {
                throw e;
            }
            throw new AwsException(
                    AwsErrorKind.ALREADY_EXISTS,
                    e.operation(),
                    e.errorCode(),
                    "the service-linked role exists already",
                    e);
        }
        // IAM's answer leaves the Description out even when it was given (AWS CLI
        // create-service-linked-role example): record the one sent, or the role would seem to
        // drift from its spec at once. Without one, the service's default is unknown until GetRole.
        ObservedServiceLinkedRole observed = toObserved(created);
        return spec.getDescription() == null
                ? observed
                : observed.withDescription(spec.getDescription());
    }

    @Override
    public Drift diff(
            ServiceLinkedRole role,
            ObservedServiceLinkedRole observed,
            Map<String, String> desiredTags) {
        return ServiceLinkedRoleDiff.diff(role.getSpec(), observed);
    }

    @Override
    public ObservedServiceLinkedRole update(
            ServiceLinkedRole role,
            ObservedServiceLinkedRole observed,
            Drift drift,
            Map<String, String> desiredTags) {
        if (!drift.has(ServiceLinkedRoleDiff.DESCRIPTION)) {
            return observed;
        }
        String description = role.getSpec().getDescription();
        calls.call(
                "UpdateRole",
                () -> iam.updateRole(b -> b.roleName(observed.name()).description(description)));
        return observed.withDescription(description);
    }

    /**
     * IAM deletes a service-linked role asynchronously and only when the service no longer uses it:
     * {@code DeleteServiceLinkedRole} starts a task, {@code GetServiceLinkedRoleDeletionStatus}
     * tells how it goes. The task id is kept in status (the engine writes it with the Deleting
     * condition), so every retry, and a restarted operator, polls the same task instead of starting
     * another. Until the task succeeds this throws a retryable DELETE_CONFLICT: the object stays
     * Deleting and the engine retries with backoff. A failed task is reported (IAM names the
     * resources still using the role) and forgotten, so that the next retry starts a new one.
     */
    @Override
    public void delete(ServiceLinkedRole role, ObservedServiceLinkedRole observed) {
        ServiceLinkedRoleStatus status = role.status();
        String taskId = status.getDeletionTaskId();
        if (taskId == null) {
            try {
                taskId =
                        calls.call(
                                        "DeleteServiceLinkedRole",
                                        () ->
                                                iam.deleteServiceLinkedRole(
                                                        b -> b.roleName(observed.name())))
                                .deletionTaskId();
            } catch (AwsException e) {
                if (e.is(AwsErrorKind.NOT_FOUND)) {
                    return;
                }
                throw e;
            }
            status.setDeletionTaskId(taskId);
        }
        String task = taskId;
        GetServiceLinkedRoleDeletionStatusResponse answer;
        try {
            answer =
                    calls.call(
                            "GetServiceLinkedRoleDeletionStatus",
                            () ->
                                    iam.getServiceLinkedRoleDeletionStatus(
                                            b -> b.deletionTaskId(task)));
        } catch (AwsException e) {
            if (e.is(AwsErrorKind.NOT_FOUND)) {
                // IAM forgot the task (they expire): the role is still there, so start again.
                status.setDeletionTaskId(null);
                throw new DeletionNotFinished(
                        "IAM no longer knows deletion task "
                                + task
                                + " of "
                                + observed.arn()
                                + "; a new deletion is started",
                        e);
            }
            throw e;
        }
        switch (answer.status()) {
            case SUCCEEDED -> status.setDeletionTaskId(null);
            case FAILED -> {
                status.setDeletionTaskId(null);
                String message =
                        "IAM could not delete "
                                + observed.arn()
                                + " (deletion task "
                                + task
                                + " FAILED): "
                                + failureReason(answer.reason())
                                + ". Stop using the role there; the operator starts a new"
                                + " deletion on its next retry";
                events.warning(role, Reason.Deleting, message);
                throw new DeletionNotFinished(message, null);
            }
            default ->
                    throw new DeletionNotFinished(
                            "IAM is deleting "
                                    + observed.arn()
                                    + " (deletion task "
                                    + task
                                    + " "
                                    + answer.statusAsString()
                                    + "); checking again",
                            null);
        }
    }

    /** IAM's reason, with the resources that still use the role in each region. */
    static String failureReason(DeletionTaskFailureReasonType reason) {
        if (reason == null) {
            return "IAM gave no reason";
        }
        StringBuilder s = new StringBuilder(reason.reason() == null ? "" : reason.reason());
        String usage =
                reason.roleUsageList().stream()
                        .map(
                                u ->
                                        (u.region() == null ? "" : u.region() + ": ")
                                                + String.join(", ", u.resources()))
                        .collect(Collectors.joining("; "));
        if (!usage.isEmpty()) {
            s.append(s.length() == 0 ? "" : "; ").append("still used by ").append(usage);
        }
        return s.length() == 0 ? "IAM gave no reason" : s.toString();
    }

    @Override
    public void recordStatus(ServiceLinkedRole role, ObservedServiceLinkedRole observed) {
        role.getStatus().setDescription(observed.description());
    }

    private static ObservedServiceLinkedRole toObserved(Role r) {
        return new ObservedServiceLinkedRole(
                r.arn(),
                r.roleId(),
                r.roleName(),
                r.path(),
                r.description(),
                AwsTags.toMap(r.tags()),
                r.createDate());
    }

    /**
     * The deletion is not finished yet. A retryable DELETE_CONFLICT, the engine's "cannot delete
     * yet, retrying", with a message that says what IAM is doing rather than "failed".
     */
    static final class DeletionNotFinished extends AwsException {
        private final String text;

        DeletionNotFinished(String text, Throwable cause) {
            super(
                    AwsErrorKind.DELETE_CONFLICT,
                    "GetServiceLinkedRoleDeletionStatus",
                    null,
                    text,
                    cause);
            this.text = text;
        }

        @Override
        public String getMessage() {
            return text;
        }
    }
}
