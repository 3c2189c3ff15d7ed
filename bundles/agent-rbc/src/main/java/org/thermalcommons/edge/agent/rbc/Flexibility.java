package org.thermalcommons.edge.agent.rbc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.thermalcommons.edge.api.flex.CostStep;
import org.thermalcommons.edge.api.flex.FlexibilityOffer;

/**
 * What the agent could shed for the market, from the state of the last cycle (so {@link #offer} answers at once, on
 * any thread). One cost step per zone that could start shedding: the kW it would shed (its cooling power now × the
 * configured share a shed removes) at a comfort cost following seed 003's quadratic comfort term: {@code weight × ΔT²}
 * per kWh, ΔT being how far above its target the zone would end up once shed. Steps are sorted by cost, so the curve is
 * monotone: the cheapest comfort goes first. Intervals beyond the offer horizon, or with nothing to shed, get no
 * offer. Pre-cooling is not offered as absorption (down).
 */
final class Flexibility {
    static final String SOURCE = "hvac";

    /** One zone that could shed: kW now and its comfort price per kWh. */
    record ZoneFlex(String device, double kw, double pricePerKwh) {
    }

    /** The state of one cycle. */
    record View(Instant at, List<ZoneFlex> zones, Duration sustain, Duration horizon) {
        View {
            zones = List.copyOf(zones);
        }
    }

    private volatile View view;

    /** The comfort price of shedding a zone whose temperature would rise {@code deltaCelsius} above its target. */
    static double price(double weightPerKwhPerK2, double deltaCelsius) {
        double d = Math.max(0.1, deltaCelsius);
        return weightPerKwhPerK2 * d * d;
    }

    void update(View v) {
        view = v;
    }

    /** kW the agent could shed now (sum of the steps). */
    double sheddableKw() {
        View v = view;
        return v == null ? 0 : v.zones().stream().mapToDouble(ZoneFlex::kw).sum();
    }

    Optional<FlexibilityOffer> offer(String providerId, Instant start, Duration length) {
        View v = view;
        if (v == null || length.isNegative() || length.isZero()) {
            return Optional.empty();
        }
        Instant end = start.plus(length);
        if (!end.isAfter(v.at()) || start.isAfter(v.at().plus(v.horizon()))) {
            return Optional.empty();
        }
        List<ZoneFlex> zones = new ArrayList<>(v.zones());
        zones.sort(Comparator.comparingDouble(ZoneFlex::pricePerKwh).thenComparing(ZoneFlex::device));
        List<CostStep> up = new ArrayList<>();
        for (ZoneFlex z : zones) {
            if (z.kw() >= 0.1) {
                up.add(new CostStep(z.kw(), z.pricePerKwh()));
            }
        }
        if (up.isEmpty()) {
            return Optional.empty();
        }
        Duration sustain = v.sustain().compareTo(length) < 0 ? v.sustain() : length;
        return Optional.of(new FlexibilityOffer(providerId, SOURCE, start, end, sustain, up, List.of()));
    }
}
