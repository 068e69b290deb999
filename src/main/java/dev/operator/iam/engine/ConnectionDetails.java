package dev.operator.iam.engine;

import java.util.Map;

/**
 * What a create hands back exactly once and must reach the user (an access key's secret): the
 * engine writes it into a Secret of the object's namespace before anything else, status included.
 * Its values never appear in {@link #toString}, so no log line, event or message can carry them.
 *
 * @param secretName the Secret to write, in the object's namespace
 * @param data the Secret's keys and their values
 */
public record ConnectionDetails(String secretName, Map<String, String> data) {

    public ConnectionDetails {
        data = Map.copyOf(data);
    }

    @Override
    public String toString() {
        return "ConnectionDetails[secretName=" + secretName + ", keys=" + data.keySet() + "]";
    }
}
