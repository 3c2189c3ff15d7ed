package org.thermalcommons.edge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.store.SignalKind;

class StoragePolicyTest {
    private final StoragePolicy policy = new StoragePolicy(Duration.ofSeconds(60), Duration.ofMinutes(15), 0.1, 0.5, 0.2, 0.1);

    @Test
    void analogValuesNeedTheDeadbandAndTheMinimumInterval() {
        StoragePolicy.Rule r = policy.rule(SignalKind.ANALOG, Unit.CELSIUS);
        assertThat(r.store(20, 0, 20.5, 30_000)).as("moved but too soon").isFalse();
        assertThat(r.store(20, 0, 20.05, 60_000)).as("in time but inside the deadband").isFalse();
        assertThat(r.store(20, 0, 20.1, 60_000)).isTrue();
        assertThat(r.store(20, 0, 20, 900_000)).as("held for the maximum interval").isTrue();
    }

    @Test
    void deadbandsFollowTheUnit() {
        assertThat(policy.rule(SignalKind.ANALOG, Unit.WATT).deadband()).isEqualTo(200);
        assertThat(policy.rule(SignalKind.ANALOG, Unit.KILOWATT).deadband()).isEqualTo(0.2);
        assertThat(policy.rule(SignalKind.ANALOG, Unit.PERCENT_RELATIVE_HUMIDITY).deadband()).isEqualTo(0.5);
        assertThat(policy.rule(SignalKind.COUNTER, Unit.KILOWATT_HOUR).deadband()).isEqualTo(0.1);
        assertThat(policy.rule(SignalKind.ANALOG, Unit.VOLT).deadband()).as("any change").isZero();
    }

    @Test
    void alarmsAndStatesStoreEveryChangeAtOnce() {
        StoragePolicy.Rule r = policy.rule(SignalKind.ALARM, Unit.STATE);
        assertThat(r.store(0, 0, 1, 1)).isTrue();
        assertThat(r.store(1, 0, 1, 1)).isFalse();
    }

    @Test
    void signalKindsFollowRoleAndUnit() {
        assertThat(SignalKinds.of(Role.ENERGY_IMPORT_SENSOR, Unit.KILOWATT_HOUR)).isEqualTo(SignalKind.COUNTER);
        assertThat(SignalKinds.of(Role.ALARM, Unit.STATE)).isEqualTo(SignalKind.ALARM);
        assertThat(SignalKinds.of(new Role("Compressor_Run_Status"), Unit.BOOLEAN)).isEqualTo(SignalKind.ALARM);
        assertThat(SignalKinds.of(Role.GRID_STRESS_LEVEL, Unit.STATE)).isEqualTo(SignalKind.ALARM);
        assertThat(SignalKinds.of(new Role("Battery_Cell_Min_Voltage_Sensor"), Unit.VOLT)).isEqualTo(SignalKind.MINIMUM);
        assertThat(SignalKinds.of(Role.BATTERY_MAX_CHARGE_POWER, Unit.KILOWATT)).isEqualTo(SignalKind.MAXIMUM);
        assertThat(SignalKinds.of(Role.ZONE_AIR_TEMPERATURE_SENSOR, Unit.CELSIUS)).isEqualTo(SignalKind.ANALOG);
        assertThat(SignalKinds.of(null, Unit.KILOWATT)).isEqualTo(SignalKind.ANALOG);
    }
}
