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
 * withdraws their requests only once the swap grace has passed and no controller with that id is registered (a hot swap
 * unbinds the old instance and binds the new one with the same id: the commands stay in force meanwhile, and the new
 * instance takes them over without a relinquish).
 */
final class ControllerSet {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerSet.class);

    private record Removed(String origin, long atNanos) {
    }

    private final AtomicReference<List<ControllerEntry>> entries = new AtomicReference<>(List.of());
    private final ConcurrentLinkedQueue<Removed> removedOrigins = new ConcurrentLinkedQueue<>();
    private final List<Removed> waiting = new ArrayList<>();
    private final java.util.function.LongSupplier nanoTime;

    ControllerSet(java.util.function.LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

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
                removedOrigins.add(new Removed(e.id, nanoTime.getAsLong()));
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

    /**
     * Origins removed at least {@code graceNanos} ago that no registered controller carries (cycle thread). An origin
     * whose id is registered again is forgotten: its successor owns the requests.
     */
    List<String> withdrawnOrigins(long graceNanos) {
        for (Removed r; (r = removedOrigins.poll()) != null; ) {
            waiting.add(r);
        }
        List<String> out = new ArrayList<>();
        if (waiting.isEmpty()) {
            return out;
        }
        long now = nanoTime.getAsLong();
        List<ControllerEntry> current = entries.get();
        for (var it = waiting.iterator(); it.hasNext(); ) {
            Removed r = it.next();
            if (current.stream().anyMatch(e -> e.id.equals(r.origin()))) {
                it.remove();
            } else if (now - r.atNanos() >= graceNanos) {
                it.remove();
                if (!out.contains(r.origin())) {
                    out.add(r.origin());
                }
            }
        }
        return out;
    }

    private static long bundleId(Map<String, ?> properties) {
        Object id = properties == null ? null : properties.get("service.bundleid");
        return id instanceof Number n ? n.longValue() : -1;
    }
}
