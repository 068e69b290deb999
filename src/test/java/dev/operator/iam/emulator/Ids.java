package dev.operator.iam.emulator;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Identifiers shaped like the ones AWS hands out. */
final class Ids {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final int UNIQUE_ID_SUFFIX_LENGTH = 17;

    private Ids() {}

    /**
     * An IAM unique id: a 4-letter type prefix ("ANPA" policy, "AROA" role, ...) and 17 characters.
     */
    static String uniqueId(String prefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < UNIQUE_ID_SUFFIX_LENGTH; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    static String requestId() {
        return UUID.randomUUID().toString();
    }
}
