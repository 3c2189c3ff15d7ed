package org.thermalcommons.edge.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Previous versions of configuration files, in {@code etc/.history/}: {@code <file>.<n>} holds the file as it was
 * before change {@code n}, {@code <file>.<n>.absent} says there was no file (it was created). At most {@code limit}
 * versions per file are kept (the oldest go first). The loader reads only {@code etc/*.cfg}, never this directory.
 */
final class ConfigHistory {
    private static final String ABSENT = ".absent";
    private final Path dir;
    private final int limit;

    ConfigHistory(Path etc, int limit) {
        this.dir = etc.resolve(".history");
        this.limit = limit;
    }

    Path dir() {
        return dir;
    }

    /** How many versions of {@code file} are kept. */
    int count(String file) {
        return versions(file).size();
    }

    /** Keeps {@code content} (empty: the file did not exist) as the newest previous version of {@code file}. */
    void push(String file, Optional<byte[]> content) throws IOException {
        Files.createDirectories(dir);
        TreeMap<Long, Path> v = versions(file);
        long n = v.isEmpty() ? 1 : v.lastKey() + 1;
        Path target = dir.resolve(file + "." + n + (content.isPresent() ? "" : ABSENT));
        Path tmp = dir.resolve("." + file + ".tmp");
        Files.write(tmp, content.orElse(new byte[0]));
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        v.put(n, target);
        while (v.size() > limit) {
            Files.deleteIfExists(v.pollFirstEntry().getValue());
        }
    }

    /**
     * Takes the newest previous version of {@code file} off the history: empty when there is none; an empty inner
     * optional when the file did not exist then.
     */
    Optional<Optional<byte[]>> pop(String file) throws IOException {
        TreeMap<Long, Path> v = versions(file);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Path p = v.lastEntry().getValue();
        Optional<byte[]> content = p.getFileName().toString().endsWith(ABSENT) ? Optional.empty()
                : Optional.of(Files.readAllBytes(p));
        Files.delete(p);
        return Optional.of(content);
    }

    private TreeMap<Long, Path> versions(String file) {
        TreeMap<Long, Path> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        String prefix = file + ".";
        List<Path> all;
        try (Stream<Path> s = Files.list(dir)) {
            all = s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        } catch (IOException e) {
            return out;
        }
        for (Path p : all) {
            String rest = p.getFileName().toString().substring(prefix.length());
            if (rest.endsWith(ABSENT)) {
                rest = rest.substring(0, rest.length() - ABSENT.length());
            }
            try {
                out.put(Long.parseLong(rest), p);
            } catch (NumberFormatException e) {
                // another file's history (a longer name with this prefix) or a stray file
            }
        }
        return out;
    }
}
