package org.thermalcommons.edge.input.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.thermalcommons.edge.input.InputKind;
import org.thermalcommons.edge.input.InputRejectedException;
import org.thermalcommons.edge.input.TextInput;

/**
 * The distribution's features file ({@code system/features.xml}): the subset of Apache Karaf's format COOL Edge uses,
 * features with a description, nested features and {@code mvn:group/artifact/version} bundles with a start level.
 * The one reader of it, for the launcher (plain Java, {@code lib/input-support.jar} on its class path) and for the
 * feature service of {@code bundles/deploy} (embedded privately with bnd {@code -conditionalpackage}).
 *
 * <p>The file is read under the {@link InputKind#FEATURES_FILE} size limit (checked before reading) as strict UTF-8
 * text, then parsed with no doctype and no external DTD or schema; every rule it breaks is one
 * {@link InputRejectedException} naming the file, the feature and the rule (the rules: docs/limits.md). Immutable.
 * Not final only so that the launcher's {@code Features} keeps its name for the tests that boot its bundles.
 */
public class FeaturesFile {
    /** The largest features file read, in bytes. */
    public static final long MAX_BYTES = InputKind.FEATURES_FILE.maxBytes();
    /** The lowest start level of a bundle (0 is the system bundle's). */
    public static final int MIN_START_LEVEL = 1;
    /** The highest start level of a bundle: the level the launcher raises the framework to, so every bundle starts. */
    public static final int MAX_START_LEVEL = 4;
    /** The start level of a bundle without {@code start-level}. */
    public static final int DEFAULT_START_LEVEL = 3;

    /** One bundle of a feature: its Maven coordinates and start level. */
    public record BundleRef(String groupId, String artifactId, String version, int startLevel) {
        public BundleRef {
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(artifactId, "artifactId");
            Objects.requireNonNull(version, "version");
        }

        /** The file in the distribution's {@code bundles/} directory. */
        public String fileName() {
            return groupId + "." + artifactId + "-" + version + ".jar";
        }

        /** {@code group:artifact}: one bundle whatever its version. */
        public String key() {
            return groupId + ":" + artifactId;
        }

        public String coordinates() {
            return groupId + ":" + artifactId + ":" + version;
        }
    }

    /** A feature: the features it includes and its own bundles, in file order. */
    public record Feature(String name, String description, List<String> features, List<BundleRef> bundles) {
        public Feature {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            features = List.copyOf(features);
            bundles = List.copyOf(bundles);
        }

        /** A feature made only of other features (e.g. {@code demo}). */
        public boolean group() {
            return bundles.isEmpty() && !features.isEmpty();
        }
    }

    private final Map<String, Feature> features;

    FeaturesFile(Map<String, Feature> features) {
        this.features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
    }

    /** The same features as {@code parsed}. */
    protected FeaturesFile(FeaturesFile parsed) {
        this.features = parsed.features;
    }

    /** Reads and validates {@code file}; rejections name it by its path. */
    public static FeaturesFile read(Path file) throws InputRejectedException, IOException {
        String source = file.toString();
        return parse(source, TextInput.read(file, source, MAX_BYTES, InputKind.FEATURES_FILE.description()));
    }

    /** Validates text already read under the size limit; {@code source} names it in rejections. */
    public static FeaturesFile parse(String source, String text) throws InputRejectedException {
        return new FeaturesFile(FeaturesXml.parse(source, text));
    }

    /** Every feature, in file order. */
    public List<Feature> all() {
        return List.copyOf(features.values());
    }

    /** The feature names, sorted. */
    public Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(features.keySet()));
    }

    public boolean has(String name) {
        return features.containsKey(name);
    }

    /** The named feature; an unknown name is an {@link IllegalArgumentException} listing the known ones. */
    public Feature get(String name) {
        Feature f = features.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown feature '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
        return f;
    }

    /** The named features and every feature they include, each once, in the order they are reached. */
    public List<String> closure(List<String> names) {
        Set<String> visited = new LinkedHashSet<>();
        Map<String, BundleRef> ignored = new LinkedHashMap<>();
        for (String n : names) {
            collect(n, visited, ignored);
        }
        return List.copyOf(visited);
    }

    /** The bundles of the named features and of everything they include, each once, in declaration order. */
    public List<BundleRef> resolve(List<String> names) {
        Set<String> visited = new LinkedHashSet<>();
        Map<String, BundleRef> bundles = new LinkedHashMap<>();
        for (String n : names) {
            collect(n, visited, bundles);
        }
        return List.copyOf(bundles.values());
    }

    private void collect(String name, Set<String> visited, Map<String, BundleRef> bundles) {
        if (!visited.add(name)) {
            return;
        }
        Feature f = get(name);
        for (String nested : f.features()) {
            collect(nested, visited, bundles);
        }
        for (BundleRef b : f.bundles()) {
            bundles.putIfAbsent(b.key(), b);
        }
    }

    /** The coordinates of the bundles whose files are missing from {@code bundleDir}. */
    public static List<String> missing(Path bundleDir, Collection<BundleRef> refs) {
        List<String> out = new ArrayList<>();
        for (BundleRef b : refs) {
            if (!Files.isRegularFile(bundleDir.resolve(b.fileName()))) {
                out.add(b.coordinates());
            }
        }
        return List.copyOf(out);
    }
}
