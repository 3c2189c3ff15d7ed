package org.thermalcommons.edge.deploy;

import java.nio.file.Path;

/**
 * The OSGi framework as the {@link Deployer} sees it ({@link OsgiBundleHost}; a fake in tests). Bundles are named
 * by their framework id.
 */
interface BundleHost {
    /** A step the framework refused, with the rule it broke ({@code resolution-failed}, {@code activation-failed}, ...). */
    final class HostException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String rule;

        HostException(String rule, String message) {
            super(message, null, false, false);
            this.rule = rule;
        }

        String rule() {
            return rule;
        }
    }

    /** Where a bundle's health stands. */
    record Verdict(Status status, String rule, String detail) {
        enum Status { HEALTHY, WAITING, FAILED }

        static Verdict healthy() {
            return new Verdict(Status.HEALTHY, "", "");
        }

        static Verdict waiting(String detail) {
            return new Verdict(Status.WAITING, "unhealthy", detail);
        }

        static Verdict failed(String rule, String detail) {
            return new Verdict(Status.FAILED, rule, detail);
        }
    }

    /** Judges one bundle's health against what it was when the probe was made. */
    interface HealthProbe {
        Verdict check();
    }

    /** Installs (not starts) the jar under {@code location}; returns the bundle's id. */
    long install(String location, Path jar) throws HostException;

    /** Replaces the bundle's content by the jar (the bundle keeps its id and location). */
    void update(long id, Path jar) throws HostException;

    /** Resolves and starts the bundle; a failing activator or resolution is the exception. */
    void start(long id) throws HostException;

    void uninstall(long id) throws HostException;

    /** The bundle's OSGi state by name ({@code ACTIVE}, ...), {@code UNINSTALLED} when gone. */
    String state(long id);

    /**
     * A probe of the bundle's health from now on. With {@code requireRun}, each of its controllers must also have run
     * since the probe was made (the new version really took over).
     */
    HealthProbe probe(long id, boolean requireRun);
}
