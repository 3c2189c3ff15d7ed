package org.thermalcommons.edge.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.control.Controller;

/**
 * The registered controllers as one immutable, sorted list swapped atomically: a cycle sees the list before or after a
 * bind or unbind, never a half-updated or empty one. Removed controllers' origins are handed to the cycle thread, which
 * withdraws their requests only if no controller with that id is registered by then (a hot swap binds the new instance
 * with the same id, so its predecessor's requests stay in force until the new one runs).
 */
final class ControllerSet {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerSet.class);

    private final AtomicReference<List<ControllerEntry>> entries = new AtomicReference<>(List.of());
    private final ConcurrentLinkedQueue<String> removedOrigins = new ConcurrentLinkedQueue<>();

    void add(Controller c, Map<String, ?> properties) {
        ControllerEntry e = new ControllerEntry(c, bundleId(properties));
        List<ControllerEntry> now = entries.updateAndGet(list -> {
            List<ControllerEntry> next = new ArrayList<>(list);
            next.add(e);
            next.sort(ControllerEntry::order);
            return List.copyOf(next);
        });
        if (now.stream().filter(o -> o.id.equals(e.id)).count() > 1) {
            LOG.warn("Controller id '{}' is registered twice; both run and their requests share one origin", e.id);
        }
        LOG.info("Controller '{}' added at priority {}", e.id, e.priority);
    }

    void remove(Controller c) {
        List<ControllerEntry> before = entries.getAndUpdate(list -> list.stream().filter(e -> e.controller != c).toList());
        for (ControllerEntry e : before) {
            if (e.controller == c) {
                removedOrigins.add(e.id);
                LOG.info("Controller '{}' removed; its write requests are withdrawn unless a successor takes its id", e.id);
            }
        }
    }

    /** The controller's configuration changed: give an isolated controller another chance. */
    void modified(Controller c) {
        for (ControllerEntry e : entries.get()) {
            if (e.controller == c && e.isolated) {
                e.resetIsolation();
                LOG.info("Controller '{}' was reconfigured; it runs again", e.id);
            }
        }
    }

    List<ControllerEntry> all() {
        return entries.get();
    }

    /** Origins removed since the last call that no registered controller carries any more (cycle thread). */
    List<String> withdrawnOrigins() {
        List<String> out = new ArrayList<>();
        List<ControllerEntry> current = entries.get();
        for (String o; (o = removedOrigins.poll()) != null; ) {
            String origin = o;
            if (current.stream().noneMatch(e -> e.id.equals(origin)) && !out.contains(origin)) {
                out.add(origin);
            }
        }
        return out;
    }

    private static long bundleId(Map<String, ?> properties) {
        Object id = properties == null ? null : properties.get("service.bundleid");
        return id instanceof Number n ? n.longValue() : -1;
    }
}
