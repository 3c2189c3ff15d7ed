package org.thermalcommons.edge.input.features;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.thermalcommons.edge.input.InputRejectedException;
import org.thermalcommons.edge.input.features.FeaturesFile.BundleRef;
import org.thermalcommons.edge.input.features.FeaturesFile.Feature;
import org.w3c.dom.CharacterData;
import org.w3c.dom.Comment;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/** The rules of a features file, applied to its text (see {@link FeaturesFile}; the list is in docs/limits.md). */
final class FeaturesXml {
    /** The names {@code gateway.properties} accepts, so every feature of the file can be enabled. */
    static final Pattern FEATURE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** A group id, artifact id or version: what a file name in {@code bundles/} may hold (no path, no {@code ${...}}). */
    private static final Pattern MVN_PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");
    static final int MAX_DESCRIPTION = 1024;
    /** features / feature / bundle: anything deeper is not a features file. */
    static final int MAX_DEPTH = 16;

    private FeaturesXml() {
    }

    static Map<String, Feature> parse(String source, String text) throws InputRejectedException {
        Element root = document(source, text).getDocumentElement();
        if (!"features".equals(root.getLocalName())) {
            throw new InputRejectedException(source, "", "root", "the root element is <" + root.getTagName()
                    + ">, expected <features>");
        }
        Map<String, Feature> out = new LinkedHashMap<>();
        int n = 0;
        for (Element e : elements(root)) {
            if ("feature".equals(e.getLocalName())) {
                Feature f = feature(source, e, ++n);
                if (out.put(f.name(), f) != null) {
                    throw rejected(source, f.name(), "duplicate-feature", "is defined twice");
                }
            }
        }
        checkReferences(source, out);
        return out;
    }

    /** Every included feature is defined, and a bundle named by several features is the same bundle everywhere. */
    private static void checkReferences(String source, Map<String, Feature> features) throws InputRejectedException {
        Map<String, BundleRef> first = new HashMap<>();
        Map<String, String> firstIn = new HashMap<>();
        for (Feature f : features.values()) {
            for (String nested : f.features()) {
                if (!features.containsKey(nested)) {
                    throw rejected(source, f.name(), "unknown-feature", "includes feature '" + abbreviate(nested)
                            + "', which the file does not define");
                }
            }
            for (BundleRef b : f.bundles()) {
                BundleRef earlier = first.putIfAbsent(b.key(), b);
                if (earlier != null && !earlier.equals(b)) {
                    throw rejected(source, f.name(), "bundle-conflict", "bundle " + b.key() + " is version " + b.version()
                            + " at start level " + b.startLevel() + ", but feature '" + firstIn.get(b.key()) + "' has version "
                            + earlier.version() + " at start level " + earlier.startLevel() + " (one bundle, one version)");
                }
                firstIn.putIfAbsent(b.key(), f.name());
            }
        }
    }

    private static Feature feature(String source, Element e, int n) throws InputRejectedException {
        String name = e.getAttribute("name");
        if (name.isBlank()) {
            throw new InputRejectedException(source, "", "feature-name", "<feature> number " + n + " has no name");
        }
        if (!FEATURE_NAME.matcher(name).matches()) {
            throw new InputRejectedException(source, "", "feature-name", "<feature> number " + n + ": '" + abbreviate(name)
                    + "' is not a feature name (lower-case letters, digits, '-'; at most 64)");
        }
        String description = e.getAttribute("description").strip();
        if (description.length() > MAX_DESCRIPTION) {
            throw rejected(source, name, "description", "the description has " + description.length()
                    + " characters; at most " + MAX_DESCRIPTION);
        }
        List<String> nested = new ArrayList<>();
        List<BundleRef> bundles = new ArrayList<>();
        for (Element c : elements(e)) {
            switch (c.getLocalName()) {
                case "feature" -> nested.add(text(source, name, c));
                case "bundle" -> bundles.add(bundle(source, name, text(source, name, c), c.getAttribute("start-level").strip()));
                default -> {
                    // Other Karaf elements (config, capability, ...) are not used by COOL Edge.
                }
            }
        }
        return new Feature(name, description, nested, bundles);
    }

    private static BundleRef bundle(String source, String feature, String url, String level) throws InputRejectedException {
        String[] p = url.startsWith("mvn:") ? url.substring(4).split("/", -1) : new String[0];
        if (p.length != 3 || !MVN_PART.matcher(p[0]).matches() || !MVN_PART.matcher(p[1]).matches()
                || !MVN_PART.matcher(p[2]).matches()) {
            throw rejected(source, feature, "bundle-url", "bundle '" + abbreviate(url) + "' must be mvn:group/artifact/version"
                    + " (letters, digits, '.', '_', '+', '-'; versions filled in by the build)");
        }
        int startLevel;
        try {
            startLevel = level.isEmpty() ? FeaturesFile.DEFAULT_START_LEVEL : Integer.parseInt(level);
        } catch (NumberFormatException ex) {
            throw rejected(source, feature, "start-level", "start-level '" + abbreviate(level) + "' of " + url + " is not a number");
        }
        if (startLevel < FeaturesFile.MIN_START_LEVEL || startLevel > FeaturesFile.MAX_START_LEVEL) {
            throw rejected(source, feature, "start-level", "start-level " + startLevel + " of " + url + " is outside "
                    + FeaturesFile.MIN_START_LEVEL + ".." + FeaturesFile.MAX_START_LEVEL + " (the launcher's final level)");
        }
        return new BundleRef(p[0], p[1], p[2], startLevel);
    }

    /** The text of a leaf element ({@code <bundle>}, a nested {@code <feature>}); an element inside it is refused. */
    private static String text(String source, String feature, Element e) throws InputRejectedException {
        StringBuilder b = new StringBuilder();
        NodeList children = e.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node n = children.item(i);
            if (n instanceof Element) {
                throw rejected(source, feature, "content", "<" + e.getTagName() + "> holds an element <"
                        + n.getNodeName() + ">; it must hold text only");
            }
            if (n instanceof CharacterData t && !(n instanceof Comment)) {
                b.append(t.getData());
            }
        }
        return b.toString().strip();
    }

    private static List<Element> elements(Element parent) {
        List<Element> out = new ArrayList<>();
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element c) {
                out.add(c);
            }
        }
        return out;
    }

    private static Document document(String source, String text) throws InputRejectedException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setAttribute("jdk.xml.maxElementDepth", String.valueOf(MAX_DEPTH));
            DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(THROWING); // the default handler prints every error to standard error first
            return builder.parse(new InputSource(new StringReader(text)));
        } catch (SAXParseException e) {
            String message = String.valueOf(e.getMessage());
            String rule = message.contains("DOCTYPE") ? "doctype" : message.startsWith("JAXP") ? "xml-limit" : "xml-syntax";
            String detail = rule.equals("doctype") ? "a DOCTYPE is not allowed (no DTD, no entities)"
                    : "not a valid features file: " + message;
            throw new InputRejectedException(source, "line " + e.getLineNumber() + ", column " + e.getColumnNumber(), rule, detail);
        } catch (SAXException | java.io.IOException | ParserConfigurationException | IllegalArgumentException e) {
            throw new InputRejectedException(source, "", "xml-syntax", "not a valid features file: " + e.getMessage());
        }
    }

    private static final ErrorHandler THROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // warnings do not make a file invalid
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private static InputRejectedException rejected(String source, String feature, String rule, String detail) {
        return new InputRejectedException(source, "feature '" + feature + "'", rule, detail);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
