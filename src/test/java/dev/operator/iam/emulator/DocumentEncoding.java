package dev.operator.iam.emulator;

/** How policy documents are written into GetPolicyVersion responses. */
public enum DocumentEncoding {
    /** Form-URL-encoded, as real IAM sends them; clients must URL-decode. */
    URL_ENCODED,
    /** The JSON text as stored, as some emulators (moto) send it. */
    RAW_JSON
}
