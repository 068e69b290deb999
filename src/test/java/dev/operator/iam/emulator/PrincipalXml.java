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

    /** Which of a role's (or user's) optional fields a response includes. */
    enum View {
        /** ListRoles, ListUsers, the roles of an instance profile: no tags, no boundary. */
        LISTED,
        /** CreateRole, CreateUser, UpdateRoleDescription: tags and boundary when set. */
        CREATED,
        /** GetRole, GetUser: like CREATED, and a role's RoleLastUsed. */
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
                .element("AssumeRolePolicyDocument", document(role.assumeRolePolicyDocument()))
                .element("Description", role.description())
                .element("MaxSessionDuration", role.maxSessionDuration());
        if (view != View.LISTED) {
            boundary(xml, role.permissionsBoundaryArn());
            if (!role.tags().isEmpty()) {
                tags(xml, role.tags().entrySet());
            }
        }
        if (view == View.DETAILED) {
            // the emulator never uses roles: RoleLastUsed is empty, as for a role never assumed
            xml.start("RoleLastUsed").end();
        }
        return xml;
    }

    static Xml user(Xml xml, UserSnapshot user, View view) {
        xml.element("Path", user.path())
                .element("UserName", user.name())
                .element("UserId", user.id())
                .element("Arn", user.arn())
                .element("CreateDate", user.createDate());
        if (view != View.LISTED) {
            boundary(xml, user.permissionsBoundaryArn());
            if (!user.tags().isEmpty()) {
                tags(xml, user.tags().entrySet());
            }
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

    /** Tags are only part of the detailed view (Create/GetInstanceProfile). */
    Xml instanceProfile(Xml xml, InstanceProfileSnapshot profile, boolean detailed) {
        xml.element("Path", profile.path())
                .element("InstanceProfileName", profile.name())
                .element("InstanceProfileId", profile.id())
                .element("Arn", profile.arn())
                .element("CreateDate", profile.createDate());
        xml.start("Roles");
        profile.roles().forEach(role -> role(xml.start("member"), role, View.LISTED).end());
        xml.end();
        if (detailed && !profile.tags().isEmpty()) {
            tags(xml, profile.tags().entrySet());
        }
        return xml;
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
