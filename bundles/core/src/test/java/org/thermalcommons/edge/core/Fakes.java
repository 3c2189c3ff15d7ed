package org.thermalcommons.edge.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.control.WriteRequest;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointSink;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.time.EdgeClock;

/** Small test doubles for stepping the cycle: a settable clock, a device that is both source and sink, controllers. */
final class Fakes {
    private Fakes() {
    }

    /** Gateway clock and monotonic wall clock in one, advanced together by the test. */
    static final class TestClock implements EdgeClock {
        volatile Instant now = Instant.parse("2026-03-02T08:00:00Z");
        volatile double speed = 1.0;
        volatile long nanos = 1_000_000_000L;

        long nanos() {
            return nanos;
        }

        @Override
        public Instant now() {
            return now;
        }

        @Override
        public double speed() {
            return speed;
        }

        void advance(Duration d) {
            now = now.plus(d);
            nanos += d.toNanos();
        }
    }

    /**
     * A device that is both source and sink. By default it accepts every write at once and its reading of the point
     * follows (as a real device's would at its next poll); {@link #answer} and {@link #echo} change that.
     */
    static class Device implements PointSource, PointSink {
        final String id;
        final TestClock clock;
        final List<PointDefinition> defs = new ArrayList<>();
        final Map<PointId, PointValue> values = new ConcurrentHashMap<>();
        final List<WriteRequest> writes = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<PointId> relinquished = new java.util.concurrent.CopyOnWriteArrayList<>();
        /** The device's answer to a write of (point, value). */
        volatile java.util.function.BiFunction<PointId, Double, org.thermalcommons.edge.api.point.WriteOutcome> answer =
                (p, v) -> org.thermalcommons.edge.api.point.WriteOutcome.accepted();
        /** Whether an accepted write shows in the point's reading. */
        volatile boolean echo = true;

        Device(String id) {
            this(id, null);
        }

        Device(String id, TestClock clock) {
            this.id = id;
            this.clock = clock;
        }

        PointId setpoint(String device, String name, Limits limits, double safe, org.thermalcommons.edge.api.point.WritePolicy policy) {
            PointId p = PointId.of(device, name);
            defs.add(PointDefinition.writable(p, Role.ZONE_AIR_COOLING_TEMPERATURE_SETPOINT, Unit.CELSIUS, limits,
                    Duration.ofSeconds(10), OptionalDouble.of(safe)).withWritePolicy(policy));
            return p;
        }

        /** What the device reads for the point now (e.g. its value after a restart). */
        void reads(PointId p, double v) {
            values.put(p, PointValue.good(p, v, Unit.CELSIUS, clock.now()));
        }

        PointId sensor(String device, String name, Role role, double value, Instant at) {
            PointId p = PointId.of(device, name);
            defs.add(PointDefinition.readOnly(p, role, Unit.CELSIUS, Duration.ofSeconds(10)));
            values.put(p, PointValue.good(p, value, Unit.CELSIUS, at));
            return p;
        }

        PointId setpoint(String device, String name, Limits limits, double safe) {
            PointId p = PointId.of(device, name);
            defs.add(PointDefinition.writable(p, Role.ZONE_AIR_COOLING_TEMPERATURE_SETPOINT, Unit.CELSIUS, limits,
                    Duration.ofSeconds(10), OptionalDouble.of(safe)));
            return p;
        }

        @Override
        public String sourceId() {
            return id;
        }

        @Override
        public List<PointDefinition> points() {
            return defs;
        }

        @Override
        public Map<PointId, PointValue> latestValues() {
            return values;
        }

        @Override
        public String sinkId() {
            return id;
        }

        @Override
        public boolean canWrite(PointId point) {
            return defs.stream().anyMatch(d -> d.id().equals(point) && d.writable());
        }

        @Override
        public void write(PointId point, double value, java.util.function.Consumer<org.thermalcommons.edge.api.point.WriteOutcome> done) {
            writes.add(new WriteRequest(point, value, WritePriority.OPTIMISATION, "sink"));
            var o = answer.apply(point, value);
            if (o.isAccepted() && echo && clock != null) {
                reads(point, value);
            }
            done.accept(o);
        }

        @Override
        public void relinquish(PointId point, java.util.function.Consumer<org.thermalcommons.edge.api.point.WriteOutcome> done) {
            relinquished.add(point);
            done.accept(org.thermalcommons.edge.api.point.WriteOutcome.accepted());
        }
    }

    interface Body {
        void run(CycleContext ctx) throws Exception;
    }

    static Controller controller(String id, WritePriority priority, Duration budget, Body body) {
        return new Controller() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public WritePriority priority() {
                return priority;
            }

            @Override
            public Duration timeBudget() {
                return budget;
            }

            @Override
            public void run(CycleContext context) throws Exception {
                body.run(context);
            }
        };
    }
}
