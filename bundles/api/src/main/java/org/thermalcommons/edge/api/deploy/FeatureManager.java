package org.thermalcommons.edge.api.deploy;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The distribution's features ({@code system/features.xml}), turned on and off at run time. Turning a feature on
 * installs and starts its bundles; turning it off stops and uninstalls the ones no other enabled feature needs. The
 * enabled list is written to {@code gateway.properties}, so a restart keeps the choice. The features the gateway
 * cannot run without ({@code runtime}, {@code core}, {@code console}) are never turned off, nor is a feature another
 * enabled feature needs. See {@code docs/deploy.md}.
 */
@ProviderType
public interface FeatureManager {
    /** Every feature of features.xml, in its order. */
    List<FeatureInfo> features();

    /** Turns the feature on: installs and starts its bundles and persists the choice. */
    FeatureChange enable(String name);

    /** Turns the feature off: stops and uninstalls the bundles no other enabled feature needs and persists the choice. */
    FeatureChange disable(String name);
}
