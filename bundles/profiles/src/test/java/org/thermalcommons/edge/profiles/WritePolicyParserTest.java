package org.thermalcommons.edge.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.point.WritePolicy;
import org.thermalcommons.edge.api.profile.DeviceProfile;
import org.thermalcommons.edge.api.profile.ProfilePoint;

/** The {@code write} block of a profile point. */
class WritePolicyParserTest {
    private static String profile(String extra, boolean writable) {
        return "{\"id\":\"x\",\"protocol\":\"modbus\",\"vendor\":\"v\",\"model\":\"m\",\"description\":\"d\",\"points\":["
                + "{\"name\":\"sp\",\"role\":\"Battery_Power_Setpoint\",\"unit\":\"kilowatt\",\"min\":-100,\"max\":100,"
                + "\"writable\":" + writable + extra + ",\"modbus\":{\"table\":\"holding\",\"address\":1,\"type\":\"int32\"}}]}";
    }

    private static WritePolicy policy(String extra) throws Exception {
        return ProfileParser.parse("x.json", profile(extra, true)).points().get(0).writePolicy();
    }

    @Test
    void everyFieldIsRead() throws Exception {
        assertThat(policy(",\"write\":{\"tolerance\":1,\"deadband\":0.5,\"minIntervalSeconds\":2.5,\"heartbeatSeconds\":30,\"maxAttempts\":7}"))
                .isEqualTo(new WritePolicy(1, 0.5, Duration.ofMillis(2500), Optional.of(Duration.ofSeconds(30)), 7));
    }

    @Test
    void missingFieldsAndAMissingBlockTakeTheDefaults() throws Exception {
        assertThat(policy("")).isEqualTo(WritePolicy.DEFAULT);
        assertThat(policy(",\"write\":{\"deadband\":0.1}")).isEqualTo(new WritePolicy(0.01, 0.1, Duration.ZERO,
                Optional.empty(), 5));
    }

    @Test
    void rejectionsNameFilePathAndRule() {
        assertThatThrownBy(() -> policy(",\"write\":{\"tolerance\":-1}"))
                .hasMessageStartingWith("x.json /points/0/write/tolerance:").hasMessageContaining("[rule schema-");
        assertThatThrownBy(() -> policy(",\"write\":{\"heartbeatSeconds\":0}"))
                .hasMessageStartingWith("x.json /points/0/write/heartbeatSeconds:").hasMessageContaining("[rule schema-");
        assertThatThrownBy(() -> policy(",\"write\":{\"maxAttempts\":0}"))
                .hasMessageStartingWith("x.json /points/0/write/maxAttempts:").hasMessageContaining("[rule schema-");
        assertThatThrownBy(() -> policy(",\"write\":{\"minIntervalSeconds\":\"60\"}"))
                .hasMessageContaining("x.json /points/0/write/minIntervalSeconds:").hasMessageContaining("[rule schema-");
        assertThatThrownBy(() -> policy(",\"write\":{\"deadbandd\":1}"))
                .hasMessageContaining("x.json /points/0/write/deadbandd:").hasMessageContaining("[rule schema-");
        assertThatThrownBy(() -> policy(",\"write\":[1]")).hasMessageStartingWith("x.json /points/0/write:").hasMessageContaining("[rule schema-");
        assertThatThrownBy(() -> ProfileParser.parse("x.json", profile(",\"write\":{\"tolerance\":1}", false)))
                .hasMessage("x.json $.points[0].write: only writable points have a write policy");
    }

    @Test
    void theShippedProfilesGiveTheirSetpointsSensiblePolicies() throws Exception {
        assertThat(shipped("bacnet-zone-controller", "cooling-setpoint"))
                .isEqualTo(new WritePolicy(0.1, 0.1, Duration.ofSeconds(10), Optional.empty(), 5));
        WritePolicy battery = shipped("modbus-battery-inverter", "power-setpoint");
        assertThat(battery.tolerance()).isEqualTo(1.0);
        assertThat(battery.heartbeat()).hasValue(Duration.ofSeconds(30));
        assertThat(shipped("modbus-heatpump-sgready", "sg-ready-state").tolerance()).isZero();
    }

    private static WritePolicy shipped(String id, String point) throws Exception {
        DeviceProfile p = ProfileParser.parse(id + ".json",
                Files.readString(ShippedProfilesTest.DIR.resolve(id + ".json")));
        return p.points().stream().filter(q -> q.name().equals(point)).findFirst().map(ProfilePoint::writePolicy)
                .orElseThrow();
    }
}
