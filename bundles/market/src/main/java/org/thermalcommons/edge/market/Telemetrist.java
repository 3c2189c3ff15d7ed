package org.thermalcommons.edge.market;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.flex.FlexibilityOffer;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.market.protocol.Body;
import org.thermalcommons.edge.market.protocol.Interval;
import org.thermalcommons.edge.market.protocol.Telemetry;

/**
 * Telemetry from the latest cycle snapshot (handed over by the delivery controller, read here on the market thread):
 * site load, PV, battery SOC, zone temperatures and humidity, and the flexibility on offer for the next interval.
 */
final class Telemetrist {
    private volatile PointSnapshot latest;

    void snapshot(PointSnapshot s) {
        latest = s;
    }

    Optional<Body> telemetry(Interval period, List<FlexibilityOffer> offers) {
        PointSnapshot s = latest;
        if (s == null) {
            return Optional.empty();
        }
        List<Telemetry.Zone> zones = new ArrayList<>();
        for (PointDefinition d : s.withRole(Role.ZONE_AIR_TEMPERATURE_SENSOR)) {
            Optional<PointValue> t = s.goodValue(d.id());
            if (t.isEmpty() || zones.size() >= 1000) {
                continue;
            }
            double rh = s.onDevice(d.id().device(), Role.ZONE_AIR_HUMIDITY_SENSOR).flatMap(h -> s.goodValue(h.id()))
                    .map(PointValue::value).orElse(0.0);
            zones.add(new Telemetry.Zone(d.id().device(), clamp(t.get().value(), -60, 100), clamp(rh, 0, 100)));
        }
        double up = offers.stream().mapToDouble(FlexibilityOffer::upKw).sum();
        double down = offers.stream().mapToDouble(FlexibilityOffer::downKw).sum();
        return Optional.of(new Telemetry(period, clamp(sum(s, Role.BUILDING_LOAD_POWER_SENSOR), -1e5, 1e5),
                clamp(sum(s, Role.PV_POWER_SENSOR), -1e5, 1e5), clamp(avg(s, Role.BATTERY_SOC), 0, 100), zones,
                new Telemetry.Flexibility(clamp(up, 0, 1e5), clamp(down, 0, 1e5)), null));
    }

    private static double sum(PointSnapshot s, Role r) {
        return s.withRole(r).stream().map(d -> s.goodValue(d.id())).flatMap(Optional::stream)
                .mapToDouble(PointValue::value).sum();
    }

    private static double avg(PointSnapshot s, Role r) {
        return s.withRole(r).stream().map(d -> s.goodValue(d.id())).flatMap(Optional::stream)
                .mapToDouble(PointValue::value).average().orElse(0);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
