package dev.operator.iam.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operator.iam.api.ManagedResource;

/**
 * What a reconcile found in status, so that one which changed nothing but {@code lastSyncTime}
 * writes nothing: at 1,000 objects a resync that finds AWS as it was would otherwise cost 1,000
 * status writes (a read and a patch each) for a timestamp. {@code lastSyncTime} therefore moves
 * only with a status that records something new.
 */
final class StatusBaseline {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LAST_SYNC_TIME = "lastSyncTime";

    private StatusBaseline() {}

    /** Records the status as the reconcile found it. */
    static void remember(ManagedResource<?, ?> resource) {
        resource.statusAsRead(comparable(resource));
    }

    /**
     * Whether the status differs from what the reconcile found in more than {@code lastSyncTime}
     * (always when nothing was recorded).
     */
    static boolean changed(ManagedResource<?, ?> resource) {
        Object before = resource.statusAsRead();
        return before == null || !before.equals(comparable(resource));
    }

    private static JsonNode comparable(ManagedResource<?, ?> resource) {
        JsonNode node = JSON.valueToTree(resource.getStatus());
        if (node instanceof ObjectNode object) {
            object.remove(LAST_SYNC_TIME);
        }
        return node;
    }
}
