package org.thermalcommons.edge.oem;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.oem.OemAction;
import org.thermalcommons.edge.api.oem.OemAdapter;
import org.thermalcommons.edge.api.oem.OemCommand;
import org.thermalcommons.edge.api.oem.OemCommandState;
import org.thermalcommons.edge.api.oem.OemCommands;

/**
 * The OEM command service without OSGi: submits into the durable log, binds adapters per device (the newest bound
 * adapter of a device serves it; when it leaves, the next newest takes over), and runs one {@link DeviceWorker} per
 * device. {@link #start} resumes what the log holds unfinished.
 */
final class Engine implements OemCommands {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@/+-]{1,128}");
    static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    static final int MAX_REQUESTED_BY = 128;
    static final int MAX_DEVICES = 256;

    private record Bound(OemAdapter adapter, long rank) {
    }

    private final CommandLog log;
    private final Settings settings;
    private final Supplier<Instant> clock;
    private final Events events;
    private final Timer timer;
    private final DeviceWorker.Deps deps;
    final Counters counters = new Counters();
    private final Map<String, DeviceWorker> workers = new ConcurrentHashMap<>();
    private final Map<String, List<Bound>> adapters = new ConcurrentHashMap<>();
    private final Map<OemCommandState, AtomicLong> byState = new EnumMap<>(OemCommandState.class);
    private final Map<String, Long> leftAt = new ConcurrentHashMap<>();
    private final AtomicLong gapMaxMillis = new AtomicLong();

    Engine(CommandLog log, Timer timer, Settings settings, Supplier<Instant> clock, Events events, DoubleSupplier random) {
        this.log = log;
        this.timer = timer;
        this.settings = settings;
        this.clock = clock;
        this.events = events;
        for (OemCommandState s : OemCommandState.values()) {
            byState.put(s, new AtomicLong());
        }
        this.deps = new DeviceWorker.Deps(log, timer, settings, clock, new Events() {
            @Override
            public void transition(OemCommand command, Optional<OemCommandState> from) {
                counted(command, from);
            }

            @Override
            public void breaker(String device, Breaker.State from, Breaker.State to, String why) {
                counters.breakerChanges.increment();
                events.breaker(device, from, to, why);
            }
        }, random, counters);
    }

    /** Resumes the log: SENT commands are sent again (idempotent), ACKNOWLEDGED ones verified, VERIFIED completed. */
    void start() throws SQLException {
        log.counts().forEach((s, n) -> byState.get(s).set(n));
        for (CommandLog.Entry e : log.unfinished()) {
            if (e.command().state() != OemCommandState.PENDING) {
                counters.resumed.increment();
                LOG.info("oem command {} ({} {} by {}): resumed in {} after a restart (attempts so far: {})",
                        e.command().id(), e.command().deviceId(), e.command().action().verb(), e.command().requestedBy(),
                        e.command().state(), e.command().attempts());
            }
            worker(e.command().deviceId()).wake();
        }
    }

    private void counted(OemCommand c, Optional<OemCommandState> from) {
        from.ifPresent(f -> byState.get(f).decrementAndGet());
        byState.get(c.state()).incrementAndGet();
        events.transition(c, from);
    }

    private DeviceWorker worker(String device) {
        return workers.computeIfAbsent(device, k -> {
            DeviceWorker w = new DeviceWorker(k, deps);
            List<Bound> b = adapters.get(k);
            if (b != null && !b.isEmpty()) {
                w.adapter(b.get(0).adapter());
            }
            return w;
        });
    }

    /** Binds an adapter; of several for one device the one with the highest rank (newest service) serves. */
    synchronized void bind(OemAdapter a, long rank) {
        String device = a.deviceId();
        if (!DEVICE.matcher(device).matches()) {
            LOG.error("oem: adapter {} ignored: device id '{}' must match {}", a.getClass().getName(), device,
                    DEVICE.pattern());
            return;
        }
        List<Bound> list = new ArrayList<>(adapters.getOrDefault(device, List.of()));
        list.add(new Bound(a, rank));
        list.sort(Comparator.comparingLong(Bound::rank).reversed());
        adapters.put(device, List.copyOf(list));
        serve(device, list);
    }

    synchronized void unbind(OemAdapter a) {
        for (Map.Entry<String, List<Bound>> e : adapters.entrySet()) {
            List<Bound> list = e.getValue().stream().filter(b -> b.adapter() != a).toList();
            if (list.size() != e.getValue().size()) {
                adapters.put(e.getKey(), list);
                serve(e.getKey(), list);
            }
        }
    }

    private void serve(String device, List<Bound> list) {
        DeviceWorker w = worker(device);
        OemAdapter next = list.isEmpty() ? null : list.get(0).adapter();
        if (w.adapter().orElse(null) == next) {
            return;
        }
        long now = timer.nowMillis();
        if (next == null) {
            leftAt.put(device, now);
            LOG.info("oem {}: adapter left; its commands wait in the log for the next one", device);
        } else {
            Long left = leftAt.remove(device);
            if (left != null) {
                gapMaxMillis.accumulateAndGet(now - left, Math::max);
            }
            LOG.info("oem {}: served by {} ({}){}", device, next.getClass().getName(), next.family(),
                    left == null ? "" : ", " + (now - left) + " ms after the previous adapter left");
        }
        w.adapter(next);
    }

    @Override
    public OemCommand submit(String id, String deviceId, OemAction action, String requestedBy) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("oem command id must match " + ID.pattern() + " (1..128 characters)");
        }
        if (deviceId == null || !DEVICE.matcher(deviceId).matches()) {
            throw new IllegalArgumentException("oem command " + id + ": device id must match " + DEVICE.pattern());
        }
        if (action == null || requestedBy == null || requestedBy.isBlank() || requestedBy.length() > MAX_REQUESTED_BY) {
            throw new IllegalArgumentException("oem command " + id + ": an action and a requester of 1.."
                    + MAX_REQUESTED_BY + " characters are required");
        }
        synchronized (this) {
            try {
                Optional<CommandLog.Entry> existing = log.find(id);
                if (existing.isPresent()) {
                    return existing.get().command();
                }
                Optional<OemAdapter> a = Optional.ofNullable(workers.get(deviceId)).flatMap(DeviceWorker::adapter);
                if (a.isPresent() && !a.get().actions().contains(action.verb())) {
                    throw new IllegalArgumentException("oem command " + id + ": device " + deviceId
                            + " does not support action '" + action.verb() + "' (it supports " + a.get().actions() + ")");
                }
                if (!workers.containsKey(deviceId) && workers.size() >= MAX_DEVICES) {
                    throw new IllegalStateException("oem command " + id + ": at most " + MAX_DEVICES + " devices");
                }
                long open = byState.entrySet().stream().filter(e -> !e.getKey().terminal())
                        .mapToLong(e -> e.getValue().get()).sum();
                if (open >= settings.maxOpen()) {
                    throw new IllegalStateException("oem command " + id + ": " + open
                            + " commands are unfinished, the limit (maxOpen) is " + settings.maxOpen());
                }
                Instant now = clock.get();
                OemCommand c = new OemCommand(id, deviceId, action, requestedBy, OemCommandState.PENDING, 0,
                        Optional.empty(), now, now);
                List<OemCommand> superseded = log.insert(c, timer.nowMillis());
                for (OemCommand s : superseded) {
                    counted(s, Optional.of(OemCommandState.PENDING));
                }
                counted(c, Optional.empty());
                if (log.prune(settings.maxCommands()) > 0) {
                    log.counts().forEach((s, n) -> byState.get(s).set(n));
                }
                worker(deviceId).wake();
                return c;
            } catch (SQLException e) {
                counters.logErrors.increment();
                throw new IllegalStateException("oem command " + id + ": the command log failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public Optional<OemCommand> find(String id) {
        try {
            return id == null ? Optional.empty() : log.find(id).map(CommandLog.Entry::command);
        } catch (SQLException e) {
            throw new IllegalStateException("oem: the command log failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<OemCommand> recent(int limit) {
        try {
            return log.recent(Math.max(0, Math.min(1000, limit)));
        } catch (SQLException e) {
            throw new IllegalStateException("oem: the command log failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> devices() {
        return adapters.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).sorted()
                .toList();
    }

    // For metrics and health

    Map<OemCommandState, Long> countsByState() {
        Map<OemCommandState, Long> out = new EnumMap<>(OemCommandState.class);
        byState.forEach((s, n) -> out.put(s, n.get()));
        return out;
    }

    Map<String, Breaker.State> breakers() {
        Map<String, Breaker.State> out = new java.util.TreeMap<>();
        workers.forEach((d, w) -> out.put(d, w.breaker.state()));
        return out;
    }

    /** Devices that had unfinished commands at their last step but have no adapter. */
    List<String> unserved() {
        return workers.values().stream().filter(w -> w.adapter().isEmpty() && w.open() > 0).map(w -> w.device)
                .sorted().toList();
    }

    /** Longest time a device was without an adapter (old left → new serving), since start. */
    long gapMaxMillis() {
        return gapMaxMillis.get();
    }
}
