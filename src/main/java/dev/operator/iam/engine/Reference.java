package dev.operator.iam.engine;

/**
 * One reference of an object to another object of this API in its namespace, as an adapter declares
 * it: the target's kind ({@code Policy}), its {@code metadata.name}, and the spec field that holds
 * the reference (for messages).
 */
public record Reference(String kind, String name, String field) {}
