package org.thermalcommons.edge.agent.rbc;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.market.GridStress;
import org.thermalcommons.edge.api.oem.HeatPumpActions;
import org.thermalcommons.edge.api.oem.OemAction;
import org.thermalcommons.edge.api.oem.OemCommand;
import org.thermalcommons.edge.api.oem.OemCommands;

/**
 * Generic heat-pump commands through the OEM command service, when there is one: {@code eco} when grid stress becomes
 * high or critical, {@code normal} when it falls below high again. One command per device per change, with an id made of
 * the agent, the device, the verb and the change's time (so submitting it again is a no-op in the durable log), handed
 * to the service on the agent's own thread: the cycle never waits for it. At start under normal stress nothing is
 * sent (there is nothing to undo).
 */
final class HeatPumpSignals {
    private static final Logger LOG = LoggerFactory.getLogger(HeatPumpSignals.class);

    private final Executor executor;
    private final Supplier<OemCommands> service;
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private String lastVerb;

    HeatPumpSignals(Executor executor, Supplier<OemCommands> service) {
        this.executor = executor;
        this.service = service;
    }

    /** Called every cycle with the stress in force (cycle thread). */
    void update(GridStress level, Instant now, List<String> configuredDevices, String requestedBy) {
        String verb = level.compareTo(GridStress.HIGH) >= 0 ? HeatPumpActions.ECO : HeatPumpActions.NORMAL;
        if (verb.equals(lastVerb) || (lastVerb == null && verb.equals(HeatPumpActions.NORMAL))) {
            lastVerb = verb;
            return;
        }
        lastVerb = verb;
        OemCommands oem = service.get();
        if (oem == null) {
            if (warned.add("no-service")) {
                LOG.info("Comfort agent: grid stress {}, but no OEM command service is running; heat pumps are not told {}",
                        level.wireName(), verb);
            }
            return;
        }
        String change = Long.toString(now.getEpochSecond());
        try {
            executor.execute(() -> submit(oem, verb, level, change, configuredDevices, requestedBy));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.info("Comfort agent is stopping: heat pumps not told {}", verb); // deactivated during this cycle
        }
    }

    private void submit(OemCommands oem, String verb, GridStress level, String change, List<String> configured,
                        String requestedBy) {
        List<String> devices;
        try {
            devices = configured.isEmpty() ? oem.devices() : configured;
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            LOG.warn("Comfort agent: the OEM command service did not list its devices ({}); heat pumps not told {}",
                    e.toString(), verb);
            return;
        }
        Set<String> seen = new HashSet<>();
        for (String device : devices) {
            if (!seen.add(device)) {
                continue;
            }
            String id = requestedBy + "-" + device + "-" + verb + "-" + change;
            try {
                OemCommand c = oem.submit(id, device, OemAction.of(verb), requestedBy);
                submitted.incrementAndGet();
                LOG.info("Comfort agent: heat pump '{}' told {} (grid stress {}): command {} {}", device, verb,
                        level.wireName(), c.id(), c.state());
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                if (warned.add(device + "/" + verb)) {
                    LOG.warn("Comfort agent: heat pump '{}' could not be told {}: {}", device, verb, e.getMessage());
                }
            }
        }
    }

    long submitted() {
        return submitted.get();
    }

    long failed() {
        return failed.get();
    }
}
