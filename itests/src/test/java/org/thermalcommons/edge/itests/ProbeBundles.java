package org.thermalcommons.edge.itests;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.thermalcommons.edge.itests.deployed.ProbeController;

/**
 * Plugin bundles a test builds: {@link ProbeController} with a hand-written DS descriptor, whose activation throws when
 * built with {@code fail} (the "bad update"), optionally with a bundle activator of its own. Unsigned: sign them with
 * {@link DevSigning#sign} for an update the gateway trusts.
 */
public final class ProbeBundles {
    private static final String CLASS = ProbeController.class.getName().replace('.', '/') + ".class";

    private ProbeBundles() {
    }

    public static Path build(Path out, String bsn, String version, boolean fail, String activator) throws Exception {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", bsn);
        a.putValue("Bundle-Version", version);
        a.putValue("Import-Package", "org.thermalcommons.edge.api.control;version=\"[1.0,2)\",org.osgi.framework;version=\"[1.8,2)\"");
        if (activator != null) {
            a.putValue("Bundle-Activator", activator);
        }
        a.putValue("Service-Component", "OSGI-INF/probe.xml");
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + ProbeController.class.getName()
                + "\" activate=\"activate\">\n"
                + "  <implementation class=\"" + ProbeController.class.getName() + "\"/>\n"
                + "  <service><provide interface=\"org.thermalcommons.edge.api.control.Controller\"/></service>\n"
                + "  <property name=\"fail\" type=\"Boolean\" value=\"" + fail + "\"/>\n"
                + "  <property name=\"release\" type=\"String\" value=\"" + version + "\"/>\n"
                + "</scr:component>\n";
        try (OutputStream os = Files.newOutputStream(out); JarOutputStream jar = new JarOutputStream(os, m);
             InputStream cls = ProbeController.class.getClassLoader().getResourceAsStream(CLASS)) {
            jar.putNextEntry(new JarEntry("OSGI-INF/probe.xml"));
            jar.write(xml.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
            jar.putNextEntry(new JarEntry(CLASS));
            cls.transferTo(jar);
            jar.closeEntry();
            if (activator != null) {
                String name = activator.replace('.', '/') + ".class";
                jar.putNextEntry(new JarEntry(name));
                try (InputStream act = ProbeController.class.getClassLoader().getResourceAsStream(name)) {
                    act.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        return out;
    }
}
