package io.hpk.common.config;

/**
 * One key=value as a source gave it, before validation.
 *
 * @param key the dotted key, e.g. {@code node.name}
 * @param value the value as text
 * @param source where it came from, for error messages, e.g. {@code env HPK_NODE_NAME}
 */
public record ConfigEntry(String key, String value, String source) {}
