package org.thermalcommons.edge.profiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.regex.Pattern;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.commissioning.ProfileLibrary;
import org.thermalcommons.edge.input.InputKind;

/**
 * The profile library for installers: drafts validated by the very parser and schema the loader uses, and saved
 * (valid ones only, never over an existing file) atomically into the directory {@link ProfileLoader} scans, under the
 * same configuration (PID) as the loader.
 */
@Component(service = ProfileLibrary.class, configurationPid = ProfileLoader.PID)
public class ProfileLibraryComponent implements ProfileLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileLibraryComponent.class);
    private static final Pattern FILE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}\\.json");
    private Path dir;

    @Activate
    void activate(BundleContext ctx, ProfileLoader.Config c) {
        String home = ctx.getProperty("cool.edge.home");
        dir = (!c.directory().isBlank() ? Path.of(c.directory())
                : home != null ? Path.of(home, "profiles") : Path.of("modbus-bacnet-profiles")).toAbsolutePath().normalize();
    }

    /** For tests: a library in {@code directory}. */
    public static ProfileLibraryComponent inDirectory(Path directory) {
        ProfileLibraryComponent c = new ProfileLibraryComponent();
        c.dir = directory.toAbsolutePath().normalize();
        return c;
    }

    @Override
    public Map<String, String> validate(String fileName, String json) {
        if (fileName == null || !FILE.matcher(fileName).matches()) {
            return Map.of("id", "must be 1-63 lower-case letters, digits or '-' (the file is <id>.json)");
        }
        if (json == null || json.getBytes(StandardCharsets.UTF_8).length > InputKind.PROFILE.maxBytes()) {
            return Map.of("$", "a profile is at most " + InputKind.PROFILE.maxBytes() + " bytes");
        }
        try {
            ProfileParser.parse(fileName, json);
            return Map.of();
        } catch (ProfileParser.InvalidProfileException e) {
            return Map.of(e.rule(), e.getMessage());
        }
    }

    @Override
    public synchronized Map<String, String> save(String fileName, String json) {
        Map<String, String> errors = validate(fileName, json);
        if (!errors.isEmpty()) {
            return errors;
        }
        Path target = dir.resolve(fileName);
        if (Files.exists(target)) {
            return Map.of("id", "a profile file " + fileName + " exists in the library; choose another id");
        }
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".draft-", ".tmp");
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            return Map.of("$", "could not write " + target + ": " + e.getMessage());
        }
        LOG.info("Profile {} saved to the library {}", fileName, dir);
        return Map.of();
    }

    @Override
    public String directory() {
        return dir.toString();
    }
}
