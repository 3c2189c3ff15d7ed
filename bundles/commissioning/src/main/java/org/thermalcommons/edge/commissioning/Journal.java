package org.thermalcommons.edge.commissioning;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
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
    private volatile List<ModbusFinding> modbus = List.of();
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

    void modbus(List<ModbusFinding> found) {
        modbus = List.copyOf(found);
    }

    List<ModbusFinding> modbus() {
        return modbus;
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
