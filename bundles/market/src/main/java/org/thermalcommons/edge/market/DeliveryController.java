package org.thermalcommons.edge.market;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.flex.Commitment;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;

/**
 * Delivers won battery trades ({@code source = bess}) at market-commitment priority, for as long as the commitment
 * runs; then the point is released to the plan. The battery dispatcher reads the {@link TradeBook} as its
 * {@code CommitmentBook} and already plans the committed kW on top of its own baseline, so its plan point is what the
 * battery must do: this controller holds the setpoint at the plan at market-commitment priority (so no lower-priority
 * writer can take it during delivery) and meters against the plan less the commitment. Without a plan point (no
 * dispatcher) it commands the committed kW against a baseline of 0. Adding the commitment to the plan here as well
 * would deliver it twice. Meters every cycle: committed, the battery's measured power and the
 * baseline, for the delivery report. Commitments of other sources are delivered by their providers from the
 * {@link TradeBook}. Reads only memory: never waits on the link or the database.
 */
final class DeliveryController implements Controller {
    static final String ID = "market-delivery";
    static final String BESS = "bess";
    static final Role PLAN = new Role("Battery_Power_Plan");

    private final TradeBook book;
    private final DeliveryMeter meter;
    private PointId holding;
    private Instant last;

    DeliveryController(TradeBook book, DeliveryMeter meter) {
        this.book = book;
        this.meter = meter;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public WritePriority priority() {
        return WritePriority.MARKET_COMMITMENT;
    }

    @Override
    public void run(CycleContext ctx) {
        Instant now = ctx.now();
        double dt = last == null ? ctx.period().toMillis() / 1000.0
                : Math.min(Duration.between(last, now).toMillis() / 1000.0, 10 * ctx.period().toMillis() / 1000.0);
        last = now;
        List<Commitment> active = book.activeAt(now).stream().filter(c -> BESS.equals(c.source())).toList();
        PointSnapshot snap = ctx.snapshot();
        Optional<PointDefinition> setpoint = snap.withRole(Role.BATTERY_POWER_SETPOINT).stream()
                .filter(PointDefinition::writable).findFirst();
        if (active.isEmpty()) {
            if (holding != null) {
                ctx.release(holding);
                holding = null;
            }
            return;
        }
        double committed = active.stream().mapToDouble(Commitment::kw).sum();
        Optional<Double> plan = first(snap, PLAN).map(PointValue::value);
        double target = plan.orElse(committed);
        double baseline = plan.map(p -> p - committed).orElse(0.0);
        if (setpoint.isPresent()) {
            holding = setpoint.get().id();
            ctx.request(holding, target);
        }
        double metered = first(snap, Role.BATTERY_POWER_SENSOR).map(PointValue::value).orElse(baseline);
        Commitment c0 = active.get(0);
        meter.add(c0.start(), c0.end(), active.stream().map(Commitment::tradeId).toList(), dt, committed, metered,
                baseline);
    }

    private static Optional<PointValue> first(PointSnapshot snap, Role role) {
        return snap.withRole(role).stream().map(d -> snap.goodValue(d.id())).flatMap(Optional::stream).findFirst();
    }
}
