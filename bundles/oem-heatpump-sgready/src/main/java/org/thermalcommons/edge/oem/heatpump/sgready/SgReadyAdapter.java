package org.thermalcommons.edge.oem.heatpump.sgready;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.command.CommandRegistry;
import org.thermalcommons.edge.api.command.CommandState;
import org.thermalcommons.edge.api.command.CommandStatus;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.oem.HeatPumpActions;
import org.thermalcommons.edge.api.oem.OemAction;
import org.thermalcommons.edge.api.oem.OemAdapter;
import org.thermalcommons.edge.api.oem.OemResult;
import org.thermalcommons.edge.api.oem.RateLimits;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.Role;

/**
 * OEM adapter for an SG-Ready heat pump (docs/oem.md). It never writes to the device itself: its own small
 * {@link Controller} requests the SG-Ready state point (found by role {@code Heat_Pump_SG_Ready_State} on the
 * configured device) and, when the action carries {@code dhwSetpointCelsius} and the device has one, the
 * {@code Domestic_Hot_Water_Temperature_Setpoint}, at the configured priority, latched until the next action. The
 * core's command layer arbitrates, clamps, writes and reads back: {@link #send} is OK once the core's
 * {@link CommandRegistry} reports the command ACKNOWLEDGED (or VERIFIED) for this controller's value, {@link #verify} OK
 * once it is VERIFIED by a read-back. The request is idempotent (the same value again writes nothing new), and a new
 * version of this bundle takes the latched request over (same controller id, within the core's swap grace).
 */
@Component(service = {OemAdapter.class, Controller.class}, configurationPid = SgReadyAdapter.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SgReadyAdapter.Config.class)
public class SgReadyAdapter implements OemAdapter, Controller {
    static final String PID = "org.thermalcommons.edge.oem.heatpump.sgready.SgReady";
    static final Role DHW_SETPOINT = new Role("Domestic_Hot_Water_Temperature_Setpoint");
    private static final Logger LOG = LoggerFactory.getLogger(SgReadyAdapter.class);

    @ObjectClassDefinition(name = "COOL Edge SG-Ready heat-pump adapter",
            description = "Generic heat-pump actions to SG-Ready states through the core's command layer")
    @interface Config {
        @AttributeDefinition(name = "Device", description = "The heat pump's device id (points and OEM commands)")
        String device() default "heatpump";

        @AttributeDefinition(name = "Write priority", description = "One of SAFETY, MANUAL_OVERRIDE, MARKET_COMMITMENT, BESS_PLAN, COMFORT, OPTIMISATION")
        String priority() default "COMFORT";

        @AttributeDefinition(name = "SG-Ready state for boost", min = "1", max = "4") int boostState() default 3;

        @AttributeDefinition(name = "SG-Ready state for normal", min = "1", max = "4") int normalState() default 2;

        @AttributeDefinition(name = "SG-Ready state for eco", min = "1", max = "4") int ecoState() default 1;

        @AttributeDefinition(name = "SG-Ready state for off", min = "1", max = "4") int offState() default 1;

        @AttributeDefinition(name = "Verify after (s)", min = "0", max = "3600") int verifyDelaySeconds() default 5;

        @AttributeDefinition(name = "Longest send or verify (s)", min = "1", max = "300") int callTimeoutSeconds() default 15;

        @AttributeDefinition(name = "Operations per minute (0: no limit)", min = "0") int perMinute() default 0;

        @AttributeDefinition(name = "Operations per hour (0: no limit)", min = "0") int perHour() default 60;

        @AttributeDefinition(name = "Operations per day (0: no limit)", min = "0") int perDay() default 500;
    }

    /** Waits for a condition until a deadline; production polls, tests step a cycle. */
    interface Waiter {
        boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException;
    }

    @Reference
    volatile CommandRegistry registry;

    private volatile String device = "heatpump";
    private volatile String id = "oem-sgready-heatpump";
    private volatile WritePriority priority = WritePriority.COMFORT;
    private volatile SgReadyMapping mapping = SgReadyMapping.DEFAULTS;
    private volatile Duration verifyDelay = Duration.ofSeconds(5);
    private volatile Duration callTimeout = Duration.ofSeconds(15);
    private volatile RateLimits limits = new RateLimits(0, 60, 500);
    private volatile Waiter waiter = SgReadyAdapter::poll;
    /** What the controller should request, by point; replaced as a whole by each send. */
    private volatile Map<PointId, Double> desired = Map.of();
    private volatile PointSnapshot snapshot;
    private volatile boolean closed;
    /** Cycle thread only: what this instance last requested. */
    private Map<PointId, Double> requested = Map.of();

    @Activate
    void activate(Config c) {
        device = c.device();
        id = "oem-sgready-" + c.device();
        priority = WritePriority.valueOf(c.priority().trim().toUpperCase(java.util.Locale.ROOT));
        mapping = new SgReadyMapping(c.boostState(), c.normalState(), c.ecoState(), c.offState());
        verifyDelay = Duration.ofSeconds(c.verifyDelaySeconds());
        callTimeout = Duration.ofSeconds(c.callTimeoutSeconds());
        limits = new RateLimits(c.perMinute(), c.perHour(), c.perDay());
        LOG.info("SG-Ready adapter for {}: boost={} normal={} eco={} off={} at priority {}", device, mapping.boost(),
                mapping.normal(), mapping.eco(), mapping.off(), priority);
    }

    @Deactivate
    void deactivate() {
        closed = true;
    }

    void waiter(Waiter w) {
        waiter = w;
    }

    // OemAdapter

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
    public Duration callTimeout() {
        return callTimeout;
    }

    @Override
    public OemResult send(OemAction action) throws InterruptedException {
        Plan p = plan(action);
        if (p.problem != null) {
            return p.problem;
        }
        desired = p.values;
        List<String> last = new ArrayList<>();
        boolean ok = waiter.await(() -> closed || held(p.values, last, false), callTimeout.minusMillis(100));
        if (closed) {
            return OemResult.retry("the SG-Ready adapter for " + device + " is stopping");
        }
        return ok ? OemResult.ok("core acknowledged " + String.join(", ", last))
                : OemResult.retry("not acknowledged within " + callTimeout.toSeconds() + " s: " + String.join(", ", last));
    }

    @Override
    public OemResult verify(OemAction action) {
        Plan p = plan(action);
        if (p.problem != null) {
            return p.problem;
        }
        List<String> last = new ArrayList<>();
        return held(p.values, last, true) ? OemResult.ok("device holds " + String.join(", ", last))
                : OemResult.retry("device does not hold it: " + String.join(", ", last));
    }

    private record Plan(Map<PointId, Double> values, OemResult problem) {
    }

    /** The points and values for an action, from the roles on the device in the latest snapshot. */
    private Plan plan(OemAction action) {
        OptionalInt state = mapping.state(action.verb());
        if (state.isEmpty()) {
            return new Plan(Map.of(), OemResult.refused("SG-Ready has no mapping for action '" + action.verb() + "'"));
        }
        PointSnapshot s = snapshot;
        if (s == null) {
            return new Plan(Map.of(), OemResult.retry("the adapter's controller has not run a cycle yet"));
        }
        Optional<PointDefinition> sg = s.onDevice(device, Role.HEAT_PUMP_OPERATING_STATE);
        if (sg.isEmpty() || !sg.get().writable()) {
            return new Plan(Map.of(), OemResult.retry("device " + device + " has no writable point with role "
                    + Role.HEAT_PUMP_OPERATING_STATE + " (yet)"));
        }
        Map<PointId, Double> values = new LinkedHashMap<>();
        values.put(sg.get().id(), (double) state.getAsInt());
        for (Map.Entry<String, Double> e : action.parameters().entrySet()) {
            if (!e.getKey().equals(HeatPumpActions.DHW_SETPOINT_CELSIUS)) {
                return new Plan(Map.of(), OemResult.refused("SG-Ready: unknown parameter " + e.getKey()));
            }
            Optional<PointDefinition> sp = s.onDevice(device, DHW_SETPOINT);
            if (sp.isEmpty() || !sp.get().writable()) {
                return new Plan(Map.of(), OemResult.refused("device " + device + " has no writable point with role "
                        + DHW_SETPOINT + ": SG-Ready alone carries no setpoint"));
            }
            values.put(sp.get().id(), e.getValue());
        }
        return new Plan(Map.copyOf(values), null);
    }

    /** Whether the core holds every value for this controller: acknowledged (or verified if {@code verified}). */
    private boolean held(Map<PointId, Double> values, List<String> report, boolean verified) {
        report.clear();
        boolean all = true;
        for (Map.Entry<PointId, Double> e : values.entrySet()) {
            Optional<CommandStatus> st = registry.command(e.getKey());
            boolean mine = st.isPresent() && st.get().origin().equals(id) && st.get().value().isPresent()
                    && st.get().value().getAsDouble() == e.getValue();
            CommandState state = st.map(CommandStatus::state).orElse(null);
            boolean ok = mine && (state == CommandState.VERIFIED || !verified && state == CommandState.ACKNOWLEDGED);
            all &= ok;
            report.add(e.getKey() + " = " + fmt(e.getValue()) + ": " + (st.isEmpty() ? "not commanded yet"
                    : mine ? state + st.get().reason().map(r -> " (" + r + ")").orElse("")
                    : "held by " + st.get().origin() + " at " + st.get().priority() + " = "
                    + st.get().value().stream().mapToObj(SgReadyAdapter::fmt).findFirst().orElse("none")));
        }
        return all;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static boolean poll(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    // Controller: requests what the last send asked for, once per change (the core latches it)

    @Override
    public String id() {
        return id;
    }

    @Override
    public WritePriority priority() {
        return priority;
    }

    @Override
    public void run(CycleContext ctx) {
        snapshot = ctx.snapshot();
        Map<PointId, Double> want = desired;
        if (want.equals(requested)) {
            return;
        }
        want.forEach((p, v) -> {
            if (!v.equals(requested.get(p))) {
                ctx.request(p, v);
            }
        });
        requested = want;
    }
}
