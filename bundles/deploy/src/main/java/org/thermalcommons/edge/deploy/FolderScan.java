package org.thermalcommons.edge.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Which jars of {@code deploy/} are ready to be looked at: a file is considered once it has the same size and
 * modification time at two polls in a row (an installer that copies a jar in place instead of moving it is waited
 * for), and again only when it changes. Hidden files ({@code .name}) and anything not ending in {@code .jar} are
 * ignored, and so is a folder listing that holds more than {@link #MAX_FILES} jars beyond the first ones.
 */
final class FolderScan {
    static final int MAX_FILES = 256;

    /** What a file looked like at a poll. */
    record Observation(long size, long modifiedMillis) {
    }

    /** One poll: the jars present, and those ready (stable and changed since handled). */
    record Result(Set<String> present, List<String> ready) {
    }

    private final Path folder;
    private Map<String, Observation> lastSeen = Map.of();
    private final Map<String, Observation> handled = new HashMap<>();

    FolderScan(Path folder) {
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }

    Result poll() throws IOException {
        Map<String, Observation> now = new TreeMap<>();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> s = Files.list(folder)) {
                for (Path p : s.filter(f -> isCandidate(f.getFileName().toString())).sorted().limit(MAX_FILES).toList()) {
                    try {
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                        if (a.isRegularFile()) {
                            now.put(p.getFileName().toString(), new Observation(a.size(), a.lastModifiedTime().toMillis()));
                        }
                    } catch (NoSuchFileException e) {
                        // moved away between listing and reading: gone
                    }
                }
            }
        }
        List<String> ready = new ArrayList<>();
        for (Map.Entry<String, Observation> e : now.entrySet()) {
            if (e.getValue().equals(lastSeen.get(e.getKey())) && !e.getValue().equals(handled.get(e.getKey()))) {
                ready.add(e.getKey());
            }
        }
        lastSeen = now;
        handled.keySet().retainAll(now.keySet());
        return new Result(now.keySet(), ready);
    }

    /** The file as last seen is dealt with (installed, refused or held back): not looked at again until it changes. */
    void handled(String name) {
        Observation o = lastSeen.get(name);
        if (o != null) {
            handled.put(name, o);
        }
    }

    /** The file was written by the manager itself (an install request): take it as seen and handled. */
    void written(String name) throws IOException {
        BasicFileAttributes a = Files.readAttributes(folder.resolve(name), BasicFileAttributes.class);
        Observation o = new Observation(a.size(), a.lastModifiedTime().toMillis());
        Map<String, Observation> seen = new TreeMap<>(lastSeen);
        seen.put(name, o);
        lastSeen = seen;
        handled.put(name, o);
    }

    static boolean isCandidate(String name) {
        return name.endsWith(".jar") && !name.startsWith(".");
    }
}
