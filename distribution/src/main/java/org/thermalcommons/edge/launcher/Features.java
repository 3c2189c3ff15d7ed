package org.thermalcommons.edge.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Feature descriptors (a subset of Karaf's features.xml): named groups of bundles with start levels. */
public final class Features {
    /** One bundle of a feature: its Maven coordinates and start level. */
    public record BundleRef(String groupId, String artifactId, String version, int startLevel) {
        /** File name in the distribution's bundles/ directory. */
        public String fileName() {
            return groupId + "." + artifactId + "-" + version + ".jar";
        }

        public String coordinates() {
            return groupId + ":" + artifactId + ":" + version;
        }
    }

    private record Feature(String name, List<String> features, List<BundleRef> bundles) {
    }

    private final Map<String, Feature> features;

    private Features(Map<String, Feature> features) {
        this.features = features;
    }

    public static Features load(Path file) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(file.toFile());
            Map<String, Feature> out = new LinkedHashMap<>();
            NodeList nodes = doc.getDocumentElement().getChildNodes();
            for (int i = 0; i < nodes.getLength(); i++) {
                if (nodes.item(i) instanceof Element e && "feature".equals(e.getLocalName())) {
                    Feature feat = parseFeature(file, e);
                    if (out.put(feat.name(), feat) != null) {
                        throw new IOException(file + ": feature '" + feat.name() + "' is defined twice");
                    }
                }
            }
            return new Features(out);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(file + ": not a valid features file: " + e.getMessage(), e);
        }
    }

    private static Feature parseFeature(Path file, Element e) throws IOException {
        String name = e.getAttribute("name");
        if (name.isBlank()) {
            throw new IOException(file + ": a <feature> has no name");
        }
        List<String> nested = new ArrayList<>();
        List<BundleRef> bundles = new ArrayList<>();
        NodeList children = e.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node n = children.item(i);
            if (!(n instanceof Element c)) {
                continue;
            }
            String text = c.getTextContent().strip();
            switch (c.getLocalName()) {
                case "feature" -> nested.add(text);
                case "bundle" -> {
                    String level = c.getAttribute("start-level");
                    int startLevel;
                    try {
                        startLevel = level.isBlank() ? 3 : Integer.parseInt(level);
                    } catch (NumberFormatException ex) {
                        throw new IOException(file + ": feature '" + name + "': start-level '" + level + "' is not a number");
                    }
                    bundles.add(parseMvn(file, name, text, startLevel));
                }
                default -> {
                    // Other Karaf elements (config, capability, ...) are not used by COOL Edge.
                }
            }
        }
        return new Feature(name, nested, bundles);
    }

    private static BundleRef parseMvn(Path file, String feature, String url, int startLevel) throws IOException {
        if (!url.startsWith("mvn:")) {
            throw new IOException(file + ": feature '" + feature + "': bundle '" + url + "' must be an mvn:group/artifact/version URL");
        }
        String[] p = url.substring(4).split("/");
        if (p.length != 3 || p[0].isBlank() || p[1].isBlank() || p[2].isBlank() || p[2].contains("${")) {
            throw new IOException(file + ": feature '" + feature + "': bundle '" + url + "' must be mvn:group/artifact/version");
        }
        return new BundleRef(p[0], p[1], p[2], startLevel);
    }

    public Set<String> names() {
        return new TreeSet<>(features.keySet());
    }

    /** The bundles of the named features and everything they include, each once, in declaration order. */
    public List<BundleRef> resolve(List<String> names) {
        Set<String> visited = new LinkedHashSet<>();
        Map<String, BundleRef> bundles = new LinkedHashMap<>();
        for (String n : names) {
            collect(n, visited, bundles);
        }
        return new ArrayList<>(bundles.values());
    }

    private void collect(String name, Set<String> visited, Map<String, BundleRef> bundles) {
        if (!visited.add(name)) {
            return;
        }
        Feature f = features.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown feature '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
        for (String nested : f.features()) {
            collect(nested, visited, bundles);
        }
        for (BundleRef b : f.bundles()) {
            bundles.putIfAbsent(b.groupId() + ":" + b.artifactId(), b);
        }
    }

    /** The named features and every feature they include, each once. */
    public List<String> closure(List<String> names) {
        Set<String> visited = new LinkedHashSet<>();
        Map<String, BundleRef> ignored = new LinkedHashMap<>();
        for (String n : names) {
            collect(n, visited, ignored);
        }
        return new ArrayList<>(visited);
    }

    /** Files missing from {@code bundleDir} for the given bundles. */
    public static List<String> missing(Path bundleDir, List<BundleRef> refs) {
        return refs.stream().filter(b -> !Files.isRegularFile(bundleDir.resolve(b.fileName())))
                .map(BundleRef::coordinates).toList();
    }
}
