package org.thermalcommons.edge.api.deploy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The result of turning a feature on or off.
 *
 * @param at          when it ended
 * @param feature     the feature's name
 * @param outcome     what happened
 * @param rule        for {@link Outcome#REFUSED} and {@link Outcome#FAILED}: the rule that decided, e.g.
 *                    {@code required-feature}, {@code needed-by}, {@code unknown-feature}, {@code bundles-missing},
 *                    {@code start-failed}, {@code persist-failed}; empty otherwise
 * @param detail      a sentence saying what and why
 * @param installed   bundles installed and started (Maven coordinates)
 * @param uninstalled bundles stopped and uninstalled (Maven coordinates)
 * @param enabledList the enabled list as persisted afterwards (unchanged unless the outcome is ENABLED or DISABLED)
 */
public record FeatureChange(Instant at, String feature, Outcome outcome, String rule, String detail,
                            List<String> installed, List<String> uninstalled, List<String> enabledList) {
    /** What a request did. */
    public enum Outcome {
        /** Its bundles were installed and started, and the choice was persisted. */
        ENABLED,
        /** Its bundles no other enabled feature needs were stopped and uninstalled, and the choice was persisted. */
        DISABLED,
        /** It already was as requested: nothing changed. */
        UNCHANGED,
        /** Not done: the rule says why; nothing changed. */
        REFUSED,
        /** Tried and failed: what had been changed was undone, the detail says what is left. */
        FAILED
    }

    public FeatureChange {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(detail, "detail");
        installed = List.copyOf(installed);
        uninstalled = List.copyOf(uninstalled);
        enabledList = List.copyOf(enabledList);
    }
}
