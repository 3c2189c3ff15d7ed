package org.thermalcommons.edge.api.commissioning;

import java.util.Map;

/**
 * The profile library the profiles bundle loads from, with the same schema and validator as shipped profiles
 * (service provided by the {@code profiles} bundle).
 */
public interface ProfileLibrary {
    /** Violations of {@code json} as profile file {@code fileName}, by JSON location; empty when it is valid. */
    Map<String, String> validate(String fileName, String json);

    /**
     * Validates and, only when valid and no profile file of that name exists, writes it atomically to the library
     * (loaded at the next re-scan). Returns the violations (nothing written) or an empty map.
     */
    Map<String, String> save(String fileName, String json);

    /** Where the library is. */
    String directory();
}
