package org.thermalcommons.edge.api.deploy;

import java.util.List;
import java.util.Objects;

/**
 * A feature of the distribution's {@code system/features.xml}, as the gateway runs it now.
 *
 * @param name        its name, e.g. {@code bess}
 * @param description its description from features.xml
 * @param enabled     whether its bundles are installed: it is named in the enabled list or included by a feature that is
 * @param listed      whether it is named itself in the enabled list ({@code features = ...} of gateway.properties)
 * @param offRefusal  why it cannot be turned off now (a feature the gateway needs, or one another enabled feature needs);
 *                    empty when it can be turned off, or is off
 * @param includes    the features it includes (nested {@code <feature>})
 * @param bundles     its own bundles, as Maven coordinates {@code group:artifact:version}
 */
public record FeatureInfo(String name, String description, boolean enabled, boolean listed, String offRefusal,
                          List<String> includes, List<String> bundles) {
    public FeatureInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(offRefusal, "offRefusal");
        includes = List.copyOf(includes);
        bundles = List.copyOf(bundles);
    }
}
