package org.thermalcommons.edge.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The manager's own copies of deployed jars, in the data directory: {@code <dir>/<symbolic name>/<sha256>.jar}, the
 * version running now and the previous healthy one (for a rollback), plus a {@code healthy} marker naming the last
 * version that passed its health check, which survives a restart. Staging copies are made in {@code <dir>/staging/}
 * and moved into place once verified. Older copies are deleted.
 */
final class KeptVersions {
    private final Path dir;

    KeptVersions(Path dir) {
        this.dir = dir;
    }

    /** A new staging file for a copy being verified. */
    Path stagingFile() throws IOException {
        return Files.createDirectories(dir.resolve("staging")).resolve(UUID.randomUUID() + ".jar");
    }

    /** Removes what an interrupted run left in staging. */
    void clearStaging() {
        deleteTree(dir.resolve("staging"));
    }

    /** Moves a verified staging copy into the bundle's folder; returns where it now is. */
    Path keep(String symbolicName, String sha256, Path staged) throws IOException {
        Path target = Files.createDirectories(bundleDir(symbolicName)).resolve(sha256 + ".jar");
        if (Files.exists(target)) {
            Files.delete(staged);
        } else {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        }
        return target;
    }

    Path copyOf(String symbolicName, String sha256) {
        return bundleDir(symbolicName).resolve(sha256 + ".jar");
    }

    /** Records that {@code sha256} of the bundle passed its health check; deletes copies other than it and {@code keepAlso}. */
    void markHealthy(String symbolicName, String sha256, Optional<String> keepAlso) throws IOException {
        Path d = Files.createDirectories(bundleDir(symbolicName));
        Path tmp = d.resolve("healthy.tmp");
        Files.writeString(tmp, sha256 + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, d.resolve("healthy"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (Stream<Path> s = Files.list(d)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".jar") && !n.equals(sha256 + ".jar") && keepAlso.map(k -> !n.equals(k + ".jar")).orElse(true)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The last version of the bundle that passed its health check and is still on disk. */
    Optional<String> healthy(String symbolicName) {
        Path marker = bundleDir(symbolicName).resolve("healthy");
        try {
            String sha = Files.readString(marker, StandardCharsets.US_ASCII).strip();
            return sha.matches("[0-9a-f]{64}") && Files.isRegularFile(copyOf(symbolicName, sha)) ? Optional.of(sha) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Forgets a bundle that was uninstalled. */
    void forget(String symbolicName) {
        deleteTree(bundleDir(symbolicName));
    }

    private Path bundleDir(String symbolicName) {
        String safe = symbolicName.replaceAll("[^A-Za-z0-9._-]", "_");
        return dir.resolve(safe.startsWith(".") ? "_" + safe : safe);
    }

    private static void deleteTree(Path d) {
        if (!Files.isDirectory(d)) {
            return;
        }
        try (Stream<Path> s = Files.walk(d)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // left for the next start
        }
    }
}
