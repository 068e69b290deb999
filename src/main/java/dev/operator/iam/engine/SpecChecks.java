package dev.operator.iam.engine;

import dev.operator.iam.api.Tag;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks shared by the kinds' validation: IAM's documented patterns and limits, with fix-it
 * messages.
 */
public final class SpecChecks {

    /** IAM names: 1–128 of {@code [\w+=,.@-]} (CreatePolicy, CreateRole, ... API reference). */
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,128}");

    /**
     * IAM paths: a slash, optionally followed by printable ASCII ending with a slash; at most 512.
     */
    private static final Pattern PATH = Pattern.compile("/([\\x21-\\x7E]*/)?");

    private static final Pattern TAG_CHARS = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    /** IAM allows 50 tags per resource; the operator's four ownership tags are among them. */
    public static final int MAX_USER_TAGS = 50 - 4;

    private SpecChecks() {}

    public static void name(String field, String value, List<String> problems) {
        if (value == null || !NAME.matcher(value).matches()) {
            problems.add(
                    field
                            + " \""
                            + value
                            + "\" is not a valid IAM name: use 1-128 letters, digits and +=,.@_-");
        }
    }

    public static void path(String field, String value, List<String> problems) {
        if (value.length() > 512 || !PATH.matcher(value).matches()) {
            problems.add(
                    field
                            + " \""
                            + value
                            + "\" is not a valid IAM path: it must start and end with / and contain"
                            + " only printable ASCII, at most 512 characters (for example"
                            + " /team-a/)");
        }
    }

    public static void maxLength(String field, String value, int max, List<String> problems) {
        if (value != null && value.length() > max) {
            problems.add(
                    field
                            + " is "
                            + value.length()
                            + " characters long; IAM allows at most "
                            + max);
        }
    }

    public static void tags(List<Tag> tags, List<String> problems) {
        if (tags == null) {
            return;
        }
        if (tags.size() > MAX_USER_TAGS) {
            problems.add(
                    "spec.tags has "
                            + tags.size()
                            + " tags; at most "
                            + MAX_USER_TAGS
                            + " are allowed (IAM's limit is 50 and the operator adds 4 ownership"
                            + " tags)");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < tags.size(); i++) {
            Tag t = tags.get(i);
            String key = t == null ? null : t.getKey();
            String at = "spec.tags[" + i + "]";
            if (key == null
                    || key.isEmpty()
                    || key.length() > 128
                    || !TAG_CHARS.matcher(key).matches()) {
                problems.add(
                        at
                                + ".key \""
                                + key
                                + "\" is not a valid tag key: 1-128 letters, digits, spaces "
                                + "and _.:/=+-@");
                continue;
            }
            // In any letter case: IAM compares tag keys ignoring case, so such a key would replace
            // an ownership tag (or be refused by IAM as an aws: key).
            if (Ownership.isOwnershipKey(key) || key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                problems.add(
                        at
                                + ".key \""
                                + key
                                + "\" uses a reserved prefix ("
                                + Ownership.TAG_PREFIX
                                + " or aws:, in any letter case); choose another key");
            }
            if (!seen.add(key.toLowerCase(Locale.ROOT))) {
                problems.add(
                        at
                                + ".key \""
                                + key
                                + "\" appears more than once (IAM compares tag keys ignoring"
                                + " case); tag keys must be unique");
            }
            String value = t.getValue() == null ? "" : t.getValue();
            if (value.length() > 256 || !TAG_CHARS.matcher(value).matches()) {
                problems.add(
                        at
                                + ".value is not a valid tag value: 0-256 letters, digits, spaces"
                                + " and _.:/=+-@");
            }
        }
    }
}
