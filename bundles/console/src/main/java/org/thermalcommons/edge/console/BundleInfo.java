package org.thermalcommons.edge.console;

import java.util.Objects;

/**
 * One bundle of the framework, as the console lists it.
 *
 * @param id           the framework's bundle id
 * @param symbolicName its Bundle-SymbolicName ({@code ""} when it has none)
 * @param version      its Bundle-Version
 * @param state        its OSGi state: {@code ACTIVE}, {@code RESOLVED}, {@code INSTALLED}, {@code STARTING},
 *                     {@code STOPPING}, {@code UNINSTALLED}
 * @param location     where it was installed from ({@code deploy:...} for the deployment manager's)
 */
public record BundleInfo(long id, String symbolicName, String version, String state, String location) {
    public BundleInfo {
        Objects.requireNonNull(symbolicName, "symbolicName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(location, "location");
    }

    /** The OSGi state constant as a word. */
    public static String state(int osgiState) {
        return switch (osgiState) {
            case 1 -> "UNINSTALLED";
            case 2 -> "INSTALLED";
            case 4 -> "RESOLVED";
            case 8 -> "STARTING";
            case 16 -> "STOPPING";
            case 32 -> "ACTIVE";
            default -> "UNKNOWN";
        };
    }
}
