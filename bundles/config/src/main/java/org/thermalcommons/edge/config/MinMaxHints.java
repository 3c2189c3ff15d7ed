package org.thermalcommons.edge.config;

import java.net.URL;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.felix.metatype.AD;
import org.apache.felix.metatype.Designate;
import org.apache.felix.metatype.MetaData;
import org.apache.felix.metatype.MetaDataReader;
import org.apache.felix.metatype.OCD;
import org.osgi.framework.Bundle;

/**
 * The declared minimum and maximum of each attribute, which the standard metatype API does not expose (it only
 * validates against them): read with Felix MetaType's own parser from the bundle's {@code OSGI-INF/metatype} XML.
 * Only hints for forms: validation always goes through the metatype service. Loaded only when Felix MetaType's
 * package is there (optional import); without it forms show no min/max hints.
 */
final class MinMaxHints {
    /** Declared bounds of one attribute; either may be absent. */
    record Bounds(Optional<String> min, Optional<String> max) {
        static final Bounds NONE = new Bounds(Optional.empty(), Optional.empty());
    }

    private MinMaxHints() {
    }

    /** PID (or factory PID) → attribute id → bounds, for the metatype files of one bundle. */
    static Map<String, Map<String, Bounds>> of(Bundle bundle) {
        Map<String, Map<String, Bounds>> out = new HashMap<>();
        Enumeration<URL> files = bundle.findEntries("OSGI-INF/metatype", "*.xml", false);
        while (files != null && files.hasMoreElements()) {
            URL url = files.nextElement();
            try {
                MetaData md = new MetaDataReader().parse(url);
                if (md == null || md.getDesignates() == null) {
                    continue;
                }
                for (Object o : md.getDesignates()) {
                    Designate d = (Designate) o;
                    String pid = d.getFactoryPid() != null ? d.getFactoryPid() : d.getPid();
                    OCD ocd = d.getObject() == null ? null : (OCD) md.getObjectClassDefinitions().get(d.getObject().getOcdRef());
                    if (pid == null || ocd == null || ocd.getAttributeDefinitions() == null) {
                        continue;
                    }
                    Map<String, Bounds> byAttr = out.computeIfAbsent(pid, k -> new HashMap<>());
                    for (Object a : ocd.getAttributeDefinitions().values()) {
                        AD ad = (AD) a;
                        byAttr.put(ad.getID(), new Bounds(Optional.ofNullable(ad.getMin()), Optional.ofNullable(ad.getMax())));
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // A file Felix MetaType cannot read has no hints; the metatype service reports it on its own.
            }
        }
        return out;
    }
}
