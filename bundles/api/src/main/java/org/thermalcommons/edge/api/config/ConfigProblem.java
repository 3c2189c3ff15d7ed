package org.thermalcommons.edge.api.config;

import java.util.Objects;

/**
 * One broken rule in a configuration, as the loader judges it.
 *
 * @param key     the key concerned; empty when the rule concerns the whole configuration (its name, its size)
 * @param rule    the rule's stable name: {@code unknown-key}, {@code type}, {@code range}, {@code cardinality},
 *                {@code required}, {@code key-syntax}, {@code value-syntax}, {@code max-size}, {@code max-keys},
 *                {@code empty-file}, {@code unknown-pid}, {@code name}, {@code exists}, {@code no-history}, ...
 * @param message a sentence naming the configuration, the key and the rule
 */
public record ConfigProblem(String key, String rule, String message) {
    public ConfigProblem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }
}
