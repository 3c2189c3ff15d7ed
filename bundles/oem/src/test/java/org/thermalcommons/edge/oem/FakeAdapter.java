package org.thermalcommons.edge.oem;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.thermalcommons.edge.api.oem.HeatPumpActions;
import org.thermalcommons.edge.api.oem.OemAction;
import org.thermalcommons.edge.api.oem.OemAdapter;
import org.thermalcommons.edge.api.oem.OemResult;
import org.thermalcommons.edge.api.oem.RateLimits;

/** A scripted adapter: answers from queues (OK when empty) and records what it was asked, with the virtual time. */
final class FakeAdapter implements OemAdapter {
    record Call(long at, boolean send, OemAction action) {
    }

    final String device;
    final Deque<Object> sendScript = new ArrayDeque<>();
    final Deque<Object> verifyScript = new ArrayDeque<>();
    final List<Call> calls;
    private final LongSupplier now;
    RateLimits limits = RateLimits.unlimited();
    Duration verifyDelay = Duration.ofSeconds(5);

    FakeAdapter(String device, LongSupplier now) {
        this(device, now, new ArrayList<>());
    }

    /** A new instance (a new bundle version) of the same device, sharing its call record. */
    FakeAdapter(String device, LongSupplier now, List<Call> calls) {
        this.device = device;
        this.now = now;
        this.calls = calls;
    }

    List<OemAction> sends() {
        return calls.stream().filter(Call::send).map(Call::action).toList();
    }

    List<Long> sendTimes() {
        return calls.stream().filter(Call::send).map(Call::at).toList();
    }

    @Override
    public String deviceId() {
        return device;
    }

    @Override
    public String family() {
        return HeatPumpActions.FAMILY;
    }

    @Override
    public Set<String> actions() {
        return Set.of(HeatPumpActions.BOOST, HeatPumpActions.NORMAL, HeatPumpActions.ECO, HeatPumpActions.OFF);
    }

    @Override
    public RateLimits rateLimits() {
        return limits;
    }

    @Override
    public Duration verifyDelay() {
        return verifyDelay;
    }

    @Override
    public OemResult send(OemAction action) throws InterruptedException {
        calls.add(new Call(now.getAsLong(), true, action));
        return next(sendScript);
    }

    @Override
    public OemResult verify(OemAction action) throws InterruptedException {
        calls.add(new Call(now.getAsLong(), false, action));
        return next(verifyScript);
    }

    private static OemResult next(Deque<Object> script) {
        Object o = script.poll();
        if (o instanceof RuntimeException e) {
            throw e;
        }
        if (o instanceof Error e) {
            throw e;
        }
        return o == null ? OemResult.ok("done") : (OemResult) o;
    }
}
