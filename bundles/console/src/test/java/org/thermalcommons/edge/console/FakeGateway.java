package org.thermalcommons.edge.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.thermalcommons.edge.api.command.CommandRegistry;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.health.HealthIndicator;
import org.thermalcommons.edge.api.market.MarketActivity;
import org.thermalcommons.edge.api.metrics.MetricsSource;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.api.store.AuditLog;
import org.thermalcommons.edge.api.store.TimeSeriesStore;

/** The rest of the gateway as the console sees it, in memory: a small building's points, an audit log. */
final class FakeGateway implements Gateway {
    static final PointId ZONE_TEMP = PointId.of("zone-1", "temperature");
    static final PointId ZONE_RH = PointId.of("zone-1", "humidity");
    static final PointId ZONE_SETPOINT = PointId.of("zone-1", "cooling-setpoint");
    static final PointId SOC = PointId.of("battery", "soc");
    static final PointId LOAD = PointId.of("meter", "load-kw");
    static final PointId IMPORT = PointId.of("meter", "import-kwh");
    static final PointId EXPORT = PointId.of("meter", "export-kwh");
    static final PointId CARBON = PointId.of("market", "carbon-avoided-kg");
    static final PointId AUTONOMOUS = PointId.of("market", "autonomous");
    static final PointId MODE = PointId.of("bess", "mode");
    static final PointId CYCLES = PointId.of("bess", "cycle-budget-used");
    static final PointId MARGINAL = PointId.of("bess", "marginal-value");

    final Map<PointId, PointDefinition> definitions = new HashMap<>();
    final Map<PointId, PointValue> values = new ConcurrentHashMap<>();
    final MemoryAudit audit = new MemoryAudit();
    final List<MetricsSource> metrics = new CopyOnWriteArrayList<>();
    final List<HealthIndicator> health = new CopyOnWriteArrayList<>();
    volatile TimeSeriesStore store;
    volatile CommandRegistry commands;
    volatile MarketActivity market;
    volatile org.thermalcommons.edge.api.commissioning.Commissioning commissioning;
    volatile org.thermalcommons.edge.api.config.ConfigurationEditor configuration = new FakeConfigEditor();
    final List<BundleInfo> bundles = new CopyOnWriteArrayList<>();
    volatile org.thermalcommons.edge.api.deploy.DeploymentManager deployments;
    volatile org.thermalcommons.edge.api.deploy.FeatureManager features;
    private volatile PointSnapshot snapshot;

    FakeGateway() {
        Duration stale = Duration.ofMinutes(5);
        def(PointDefinition.readOnly(ZONE_TEMP, Role.ZONE_AIR_TEMPERATURE_SENSOR, Unit.CELSIUS, stale));
        def(PointDefinition.readOnly(ZONE_RH, Role.ZONE_AIR_HUMIDITY_SENSOR, Unit.PERCENT_RELATIVE_HUMIDITY, stale));
        def(PointDefinition.writable(ZONE_SETPOINT, Role.ZONE_AIR_COOLING_TEMPERATURE_SETPOINT, Unit.CELSIUS, Limits.of(18, 30),
                stale, OptionalDouble.empty()));
        def(PointDefinition.readOnly(SOC, Role.BATTERY_SOC, Unit.PERCENT, stale));
        def(PointDefinition.readOnly(LOAD, Role.BUILDING_LOAD_POWER_SENSOR, Unit.KILOWATT, stale));
        def(PointDefinition.readOnly(IMPORT, Role.ENERGY_IMPORT_SENSOR, Unit.KILOWATT_HOUR, stale));
        def(PointDefinition.readOnly(EXPORT, Role.ENERGY_EXPORT_SENSOR, Unit.KILOWATT_HOUR, stale));
        Instant now = Instant.now();
        set(ZONE_TEMP, 24.5, now);
        set(ZONE_RH, 61, now);
        set(ZONE_SETPOINT, 24, now);
        set(SOC, 55, now);
        set(LOAD, 80, now);
        set(IMPORT, 123_456, now);
        set(EXPORT, 7_890, now);
        publish(now);
    }

    /** Adds the market's and the dispatcher's points, as those bundles publish them, and the market's activity. */
    void withMarketAndDispatcher(Instant now) {
        Duration stale = Duration.ofMinutes(10);
        def(PointDefinition.readOnly(CARBON, new Role("Carbon_Avoided_Mass_kg"), Unit.NONE, stale));
        def(PointDefinition.readOnly(AUTONOMOUS, new Role("Market_Autonomous_Mode"), Unit.BOOLEAN, stale));
        def(PointDefinition.readOnly(MODE, new Role("Battery_Dispatch_Mode"), Unit.STATE, stale));
        def(PointDefinition.readOnly(CYCLES, new Role("Battery_Cycle_Budget_Used"), Unit.PERCENT, stale));
        def(PointDefinition.readOnly(MARGINAL, new Role("Stored_Energy_Marginal_Value"), Unit.PRICE_PER_KWH, stale));
        set(CARBON, 812.5, now);
        set(AUTONOMOUS, 0, now);
        set(MODE, 0, now);
        set(CYCLES, 37.5, now);
        set(MARGINAL, 0.142, now);
        market = new FakeMarket(now);
        publish(now);
    }

    @Override
    public List<BundleInfo> bundles() {
        return List.copyOf(bundles);
    }

    @Override
    public Optional<org.thermalcommons.edge.api.deploy.DeploymentManager> deployments() {
        return Optional.ofNullable(deployments);
    }

    @Override
    public Optional<org.thermalcommons.edge.api.deploy.FeatureManager> features() {
        return Optional.ofNullable(features);
    }

    @Override
    public Optional<org.thermalcommons.edge.api.commissioning.Commissioning> commissioning() {
        return Optional.ofNullable(commissioning);
    }

    @Override
    public Optional<org.thermalcommons.edge.api.config.ConfigurationEditor> configuration() {
        return Optional.ofNullable(configuration);
    }

    @Override
    public Optional<MarketActivity> market() {
        return Optional.ofNullable(market);
    }

    private void def(PointDefinition d) {
        definitions.put(d.id(), d);
    }

    void set(PointId id, double v, Instant at) {
        values.put(id, PointValue.good(id, v, definitions.get(id).unit(), at));
    }

    /** Takes a new snapshot of the current values (what the cycle does at its start). */
    PointSnapshot publish(Instant at) {
        snapshot = new PointSnapshot(at, definitions, values);
        return snapshot;
    }

    @Override
    public Optional<PointSnapshot> snapshot() {
        return Optional.ofNullable(snapshot);
    }

    @Override
    public Optional<AuditLog> audit() {
        return Optional.of(audit);
    }

    @Override
    public Optional<TimeSeriesStore> store() {
        return Optional.ofNullable(store);
    }

    @Override
    public Optional<CommandRegistry> commands() {
        return Optional.ofNullable(commands);
    }

    @Override
    public List<MetricsSource> metricsSources() {
        return List.copyOf(metrics);
    }

    @Override
    public List<HealthIndicator> healthIndicators() {
        return List.copyOf(health);
    }

    static final class MemoryAudit implements AuditLog {
        final List<AuditEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void record(AuditEvent event) {
            events.add(event);
        }

        @Override
        public List<AuditEvent> since(Instant since, int limit) {
            List<AuditEvent> out = new ArrayList<>();
            for (AuditEvent e : events) {
                if (!e.at().isBefore(since) && out.size() < limit) {
                    out.add(e);
                }
            }
            return out;
        }
    }
}
