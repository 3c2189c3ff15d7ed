package org.thermalcommons.edge.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The store's data directory on disk: whether it can be written, and how much the database occupies. */
final class DataDirectory {
    private DataDirectory() {
    }

    /**
     * The absolute data directory, created if missing, after a test write.
     *
     * @throws StoreUnavailableException naming the directory when it cannot be created or written
     */
    static Path checkWritable(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new StoreUnavailableException("Cannot write the data directory " + dir + " (" + e.getClass().getSimpleName()
                    + "). Give the gateway write access to it, or set dataDir in etc/" + StoreComponent.PID + ".cfg.");
        }
        return dir;
    }

    /** Bytes of a database file and its write-ahead log. */
    static long size(Path file) {
        long n = 0;
        for (Path p : List.of(file, file.resolveSibling(file.getFileName() + "-wal"))) {
            try {
                n += Files.size(p);
            } catch (IOException e) {
                // absent
            }
        }
        return n;
    }
}
