package org.thermalcommons.edge.deploy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.thermalcommons.edge.input.InputRejectedException;
import org.thermalcommons.edge.input.TextInput;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The distribution's {@code system/features.xml} as the launcher reads it (the same subset of Karaf's format: features
 * with a description, nested features and {@code mvn:group/artifact/version} bundles with a start level), read again
 * here because the launcher is not a bundle. At most 1 MiB; a doctype is refused.
 */
final class FeatureCatalog {
    static final long MAX_BYTES = 1024 * 1024;

    /** One bundle of a feature, and the file the launcher installs it from. */
    record BundleRef(String groupId, String artifactId, String version, int startLevel) {
        String fileName() {
            return groupId + "." + artifactId + "-" + version + ".jar";
        }

        String key() {
            return groupId + ":" + artifactId;
        }

        String coordinates() {
            return groupId + ":" + artifactId + ":" + version;
        }
    }

    record Feature(String name, String description, List<String> features, List<BundleRef> bundles) {
        /** A feature made only of other features (e.g. {@code demo}): turning a member off splits it into its members. */
        boolean group() {
            return bundles.isEmpty() && !features.isEmpty();
        }
    }

    private final Map<String, Feature> features;

    FeatureCatalog(Map<String, Feature> features) {
        this.features = features;
    }

    static FeatureCatalog load(Path file) throws IOException {
        String text;
        try {
            text = TextInput.read(file, file.toString(), MAX_BYTES, "features file");
        } catch (InputRejectedException e) {
            throw new IOException(e.getMessage(), e);
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            NodeList nodes = f.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))
                    .getDocumentElement().getChildNodes();
            Map<String, Feature> out = new LinkedHashMap<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                if (nodes.item(i) instanceof Element e && "feature".equals(e.getLocalName())) {
                    Feature feat = parse(file, e);
                    if (out.put(feat.name(), feat) != null) {
                        throw new IOException(file + ": feature '" + feat.name() + "' is defined twice");
                    }
                }
            }
            return new FeatureCatalog(out);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(file + ": not a valid features file: " + e.getMessage(), e);
        }
    }

    private static Feature parse(Path file, Element e) throws IOException {
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
            if ("feature".equals(c.getLocalName())) {
                nested.add(text);
            } else if ("bundle".equals(c.getLocalName())) {
                String level = c.getAttribute("start-level");
                String[] p = text.startsWith("mvn:") ? text.substring(4).split("/") : new String[0];
                if (p.length != 3 || p[0].isBlank() || p[1].isBlank() || p[2].isBlank() || p[2].contains("${")) {
                    throw new IOException(file + ": feature '" + name + "': bundle '" + text + "' must be mvn:group/artifact/version");
                }
                try {
                    bundles.add(new BundleRef(p[0], p[1], p[2], level.isBlank() ? 3 : Integer.parseInt(level)));
                } catch (NumberFormatException ex) {
                    throw new IOException(file + ": feature '" + name + "': start-level '" + level + "' is not a number");
                }
            }
        }
        return new Feature(name, e.getAttribute("description"), nested, bundles);
    }

    List<Feature> all() {
        return List.copyOf(features.values());
    }

    boolean has(String name) {
        return features.containsKey(name);
    }

    Feature get(String name) {
        Feature f = features.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown feature '" + name + "' (known: " + String.join(", ", features.keySet()) + ")");
        }
        return f;
    }

    /** The named features and every feature they include, each once. */
    Set<String> closure(List<String> names) {
        Set<String> visited = new LinkedHashSet<>();
        for (String n : names) {
            collect(n, visited, new LinkedHashMap<>());
        }
        return visited;
    }

    /** The bundles of the named features and of everything they include, each once, in declaration order. */
    Map<String, BundleRef> resolve(List<String> names) {
        Set<String> visited = new LinkedHashSet<>();
        Map<String, BundleRef> bundles = new LinkedHashMap<>();
        for (String n : names) {
            collect(n, visited, bundles);
        }
        return bundles;
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
}
