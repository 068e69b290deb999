package dev.operator.iam.emulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Writes IAM's Role, User, Group, InstanceProfile, Tag and AttachedPolicy structures, with
 * documents URL-encoded as IAM sends them (or raw, see {@link DocumentEncoding}).
 */
final class PrincipalXml {

    /**
     * Which of a role's (or user's) optional fields an answer includes. IAM's answers differ by
     * action, and the operator must never rely on a field the action leaves out, so each view is
     * exactly what the action returns (sources in docs/development.md, "The IAM emulator").
     */
    enum View {
        /**
         * CreateRole, CreateServiceLinkedRole: path, name, id, ARN, create date, trust policy and
         * the tags given; no Description, MaxSessionDuration or PermissionsBoundary even when they
         * were set (AWS CLI create-role and create-service-linked-role examples). CreateUser: the
         * boundary and tags given (AWS CLI create-user examples).
         */
        CREATED,
        /** UpdateRoleDescription: like CREATED without tags, plus the new Description. */
        DESCRIPTION_UPDATED,
        /**
         * ListRoles: Description and MaxSessionDuration, but no PermissionsBoundary, RoleLastUsed
         * or Tags; ListUsers, GetGroup's users: no PermissionsBoundary or Tags (the "IAM
         * resource-listing operations return a subset" notes of ListRoles and ListUsers).
         */
        LISTED,
        /**
         * A role inside an instance profile (Create/Get/ListInstanceProfiles,
         * ListInstanceProfilesForRole): path, name, id, ARN, create date and trust policy only (AWS
         * CLI get-instance-profile and list-instance-profiles examples).
         */
        EMBEDDED,
        /** GetRole, GetUser: every field that is set, and a role's RoleLastUsed. */
        DETAILED
    }

    private volatile DocumentEncoding documentEncoding = DocumentEncoding.URL_ENCODED;

    void documentEncoding(DocumentEncoding encoding) {
        this.documentEncoding = encoding;
    }

    /** A policy document as IAM returns it in GetRole, GetRolePolicy and their kin. */
    String document(String json) {
        return documentEncoding == DocumentEncoding.URL_ENCODED
                ? URLEncoder.encode(json, StandardCharsets.UTF_8)
                : json;
    }

    /** The fields of IAM's Role structure, inside an element the caller opened. */
    Xml role(Xml xml, RoleSnapshot role, View view) {
        xml.element("Path", role.path())
                .element("RoleName", role.name())
                .element("RoleId", role.id())
                .element("Arn", role.arn())
                .element("CreateDate", role.createDate())
                .element("AssumeRolePolicyDocument", document(role.assumeRolePolicyDocument()));
        switch (view) {
            case CREATED -> optionalTags(xml, role.tags());
            case DESCRIPTION_UPDATED -> xml.element("Description", role.description());
            case LISTED ->
                    xml.element("Description", role.description())
                            .element("MaxSessionDuration", role.maxSessionDuration());
            case EMBEDDED -> {}
            case DETAILED -> {
                xml.element("Description", role.description())
                        .element("MaxSessionDuration", role.maxSessionDuration());
                boundary(xml, role.permissionsBoundaryArn());
                optionalTags(xml, role.tags());
                // the emulator never uses roles: RoleLastUsed is empty, as for a role never
                // assumed
                xml.start("RoleLastUsed").end();
            }
        }
        return xml;
    }

    static Xml user(Xml xml, UserSnapshot user, View view) {
        xml.element("Path", user.path())
                .element("UserName", user.name())
                .element("UserId", user.id())
                .element("Arn", user.arn())
                .element("CreateDate", user.createDate());
        if (view == View.CREATED || view == View.DETAILED) {
            boundary(xml, user.permissionsBoundaryArn());
            optionalTags(xml, user.tags());
        }
        return xml;
    }

    static Xml group(Xml xml, GroupSnapshot group) {
        return xml.element("Path", group.path())
                .element("GroupName", group.name())
                .element("GroupId", group.id())
                .element("Arn", group.arn())
                .element("CreateDate", group.createDate());
    }

    /**
     * The fields of IAM's InstanceProfile structure, its roles in their short form. Tags are only
     * part of GetInstanceProfile: ListInstanceProfiles(ForRole) leave them out (their "return a
     * subset" notes), and CreateInstanceProfile is not documented to echo them, so the emulator
     * leaves them out there too.
     */
    Xml instanceProfile(Xml xml, InstanceProfileSnapshot profile, boolean withTags) {
        xml.element("Path", profile.path())
                .element("InstanceProfileName", profile.name())
                .element("InstanceProfileId", profile.id())
                .element("Arn", profile.arn())
                .element("CreateDate", profile.createDate());
        xml.start("Roles");
        profile.roles().forEach(role -> role(xml.start("member"), role, View.EMBEDDED).end());
        xml.end();
        if (withTags) {
            optionalTags(xml, profile.tags());
        }
        return xml;
    }

    /** IAM leaves an empty tag list out rather than sending an empty element. */
    static void optionalTags(Xml xml, Map<String, String> tags) {
        if (!tags.isEmpty()) {
            tags(xml, tags.entrySet());
        }
    }

    static void tags(Xml xml, Iterable<Map.Entry<String, String>> tags) {
        xml.start("Tags");
        tags.forEach(
                tag ->
                        xml.start("member")
                                .element("Key", tag.getKey())
                                .element("Value", tag.getValue())
                                .end());
        xml.end();
    }

    /** {@code <name><member>value</member>...</name>}. */
    static void strings(Xml xml, String name, Collection<String> values) {
        xml.start(name);
        values.forEach(value -> xml.element("member", value));
        xml.end();
    }

    static void attachedPolicies(Xml xml, Collection<String> arns) {
        xml.start("AttachedPolicies");
        arns.forEach(
                arn ->
                        xml.start("member")
                                .element("PolicyName", policyName(arn))
                                .element("PolicyArn", arn)
                                .end());
        xml.end();
    }

    /** The name of a managed policy: the last segment of its ARN. */
    static String policyName(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    /** The path of a managed policy: what lies between ":policy" and its name. */
    static String policyPath(String arn) {
        int start = arn.indexOf(":policy/") + ":policy".length();
        return arn.substring(start, arn.lastIndexOf('/') + 1);
    }

    /** Paging order for names, which IAM compares ignoring case. */
    static String nameKey(String name) {
        return name.toLowerCase(Locale.ROOT) + "/" + name;
    }

    private static void boundary(Xml xml, String boundaryArn) {
        if (boundaryArn != null) {
            xml.start("PermissionsBoundary")
                    .element("PermissionsBoundaryType", "PermissionsBoundaryPolicy")
                    .element("PermissionsBoundaryArn", boundaryArn)
                    .end();
        }
    }
}
