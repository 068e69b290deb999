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

    /** An access key id: {@code AKIA} and 16 characters, as IAM makes them for users. */
    static String accessKeyId() {
        return uniqueId("AKIA").substring(0, 20);
    }

    /** A secret access key: 40 characters of the base64 alphabet. */
    static String secretAccessKey() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder secret = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            secret.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return secret.toString();
    }

    static String requestId() {
        return UUID.randomUUID().toString();
    }
}
