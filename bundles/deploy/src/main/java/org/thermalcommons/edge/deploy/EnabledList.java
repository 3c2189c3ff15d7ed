package org.thermalcommons.edge.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.thermalcommons.edge.input.InputKind;
import org.thermalcommons.edge.input.InputRejectedException;
import org.thermalcommons.edge.input.TextInput;

/**
 * The {@code features = ...} line of the site's {@code gateway.properties}, which the launcher reads at start-up.
 * Written by replacing that one line (comments and everything else stay as they are), to a temporary file beside it
 * that is then moved over it, so a crash leaves the old file or the new one, never half of one.
 */
final class EnabledList {
    private static final Pattern FEATURES_LINE = Pattern.compile("\\s*features\\s*[=:].*");

    private final Path file;

    EnabledList(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The persisted list; empty when the file or its line is absent (the launcher then uses its defaults). */
    List<String> read() throws IOException {
        for (String line : lines()) {
            if (FEATURES_LINE.matcher(line).matches()) {
                int eq = line.indexOf('=');
                int colon = line.indexOf(':');
                String v = line.substring((eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon)) + 1);
                return Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            }
        }
        return List.of();
    }

    /** Writes {@code features} as the enabled list. */
    void write(List<String> features) throws IOException {
        List<String> out = new ArrayList<>();
        boolean replaced = false;
        for (String line : lines()) {
            if (!replaced && FEATURES_LINE.matcher(line).matches()) {
                out.add("features = " + String.join(", ", features));
                replaced = true;
            } else {
                out.add(line);
            }
        }
        if (!replaced) {
            out.add("features = " + String.join(", ", features));
        }
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, String.join("\n", out) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private List<String> lines() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return TextInput.read(file, InputKind.GATEWAY_PROPERTIES).lines().toList();
        } catch (InputRejectedException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
