package org.thermalcommons.edge.launcher;

import java.io.IOException;
import java.nio.file.Path;
import org.thermalcommons.edge.input.InputRejectedException;
import org.thermalcommons.edge.input.features.FeaturesFile;

/**
 * The launcher's features file, read by the one reader the feature service shares ({@link FeaturesFile} in
 * input-support, on the launcher's class path as {@code lib/input-support.jar}): size limit before reading, no doctype,
 * no external DTD or schema, and every rule a file breaks one message naming the file, the feature and the rule.
 * Kept as a name of its own for the tests and benchmarks that boot the distribution's bundles from the same file.
 */
public final class Features extends FeaturesFile {
    private Features(FeaturesFile parsed) {
        super(parsed);
    }

    /** Reads and validates {@code file}; a rejection is an {@link IOException} with the rejection's message. */
    public static Features load(Path file) throws IOException {
        try {
            return new Features(FeaturesFile.read(file));
        } catch (InputRejectedException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
