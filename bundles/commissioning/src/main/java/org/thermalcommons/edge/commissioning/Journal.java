package org.thermalcommons.edge.commissioning;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import org.thermalcommons.edge.api.commissioning.ModbusFinding;
import org.thermalcommons.edge.api.commissioning.ProfileDraft;
import org.thermalcommons.edge.api.driver.DiscoveredDevice;

/** What this commissioning session found and did, for the report: bounded, newest kept. */
final class Journal {
    static final int MAX_ENTRIES = 500;

    record Entry(Instant at, String who, String what) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private volatile List<DiscoveredDevice> bacnet = List.of();
    static final int MAX_MODBUS_UNITS = 256;
    /** Every Modbus unit found in this session, by host:port/unit, the newest finding of each, oldest dropped first. */
    private final LinkedHashMap<String, ModbusFinding> modbus = new LinkedHashMap<>();
    private final Deque<ProfileDraft> saved = new ArrayDeque<>();

    synchronized void add(Instant at, String who, String what) {
        entries.addLast(new Entry(at, who, what));
        while (entries.size() > MAX_ENTRIES) {
            entries.removeFirst();
        }
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    void bacnet(List<DiscoveredDevice> devices) {
        bacnet = List.copyOf(devices);
    }

    List<DiscoveredDevice> bacnet() {
        return bacnet;
    }

    /** Adds a probe's findings to the session's (an installer probes one port or range after another). */
    synchronized void modbus(List<ModbusFinding> found) {
        for (ModbusFinding f : found) {
            String key = f.host() + ":" + f.port() + "/" + f.unit();
            modbus.remove(key);
            modbus.put(key, f);
        }
        while (modbus.size() > MAX_MODBUS_UNITS) {
            modbus.remove(modbus.keySet().iterator().next());
        }
    }

    synchronized List<ModbusFinding> modbus() {
        return List.copyOf(modbus.values());
    }

    synchronized void saved(ProfileDraft d) {
        saved.addLast(d);
        while (saved.size() > 50) {
            saved.removeFirst();
        }
    }

    synchronized List<ProfileDraft> saved() {
        return List.copyOf(saved);
    }
}
