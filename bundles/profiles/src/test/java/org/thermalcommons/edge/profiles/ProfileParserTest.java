package org.thermalcommons.edge.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.api.profile.DeviceProfile;
import org.thermalcommons.edge.api.profile.ModbusAddress;

class ProfileParserTest {
    static String profile(String point) {
        return "{\"id\":\"x\",\"protocol\":\"modbus\",\"vendor\":\"v\",\"model\":\"m\",\"description\":\"d\",\"points\":[" + point + "]}";
    }

    static final String GOOD = "{\"name\":\"p\",\"role\":\"Battery_SOC\",\"unit\":\"percent\",\"min\":0,\"max\":100,"
            + "\"modbus\":{\"table\":\"holding\",\"address\":1,\"type\":\"int32\",\"wordOrder\":\"little\",\"scale\":0.1}}";

    @Test
    void parsesAModbusPoint() throws Exception {
        DeviceProfile p = ProfileParser.parse("x.json", profile(GOOD));
        ModbusAddress a = (ModbusAddress) p.points().get(0).address();
        assertThat(a.type()).isEqualTo(ModbusAddress.DataType.INT32);
        assertThat(a.wordOrder()).isEqualTo(ModbusAddress.WordOrder.LITTLE_ENDIAN);
        assertThat(a.scale()).isEqualTo(0.1);
    }

    @Test
    void rejectionsNameFilePathAndRule() {
        // Structural rules come from the JSON Schema (JSON pointer, keyword as the rule) ...
        assertThatThrownBy(() -> ProfileParser.parse("x.json", profile(GOOD.replace("\"address\":1", "\"address\":70000"))))
                .hasMessageStartingWith("x.json /points/0/modbus/address: ").hasMessageEndingWith("[rule schema-maximum]");
        assertThatThrownBy(() -> ProfileParser.parse("x.json", profile(GOOD.replace("\"unit\":\"percent\"", "\"unit\":\"furlongs\""))))
                .hasMessageStartingWith("x.json /points/0/unit: ").hasMessageEndingWith("[rule schema-enum]");
        assertThatThrownBy(() -> ProfileParser.parse("x.json", profile(GOOD.replace("\"min\":0", "\"min\":0,\"colour\":1"))))
                .hasMessageStartingWith("x.json /points/0/colour: ").hasMessageEndingWith("[rule schema-additionalProperties]");
        // ... the rules a schema cannot express from the parser.
        assertThatThrownBy(() -> ProfileParser.parse("x.json", profile(GOOD + "," + GOOD)))
                .hasMessage("x.json $.points[1].name: 'p' is used by another point of this profile");
        assertThatThrownBy(() -> ProfileParser.parse("x.json", profile(GOOD.replace("\"max\":100", "\"max\":-1"))))
                .hasMessageContaining("$.points[0].max: must not be below min");
        assertThatThrownBy(() -> ProfileParser.parse("x.json", profile(GOOD.replace("\"min\":0", "\"min\":0,\"writable\":true,\"safeValue\":150"))))
                .hasMessageContaining("$.points[0].safeValue: must be within min..max");
        assertThatThrownBy(() -> ProfileParser.parse("x.json", profile(GOOD.replace("\"min\":0", "\"min\":0,\"writePriority\":3"))))
                .hasMessageContaining("$.points[0].writePriority: priorities 1-8");
        assertThatThrownBy(() -> ProfileParser.parse("x.json", profile(GOOD.replace("\"table\":\"holding\"", "\"table\":\"coil\""))))
                .hasMessageContaining("$.points[0].modbus.type: coils and discrete inputs are type bool");
        assertThatThrownBy(() -> ProfileParser.parse("y.json", profile(GOOD)))
                .hasMessage("y.json /id: profile id 'x' must be the file name (x.json), so no other file can claim it"
                        + " [rule id-file-name]");
        assertThatThrownBy(() -> ProfileParser.parse("x.json", "{ not json"))
                .hasMessageStartingWith("x.json /").hasMessageContaining("not valid JSON").hasMessageEndingWith("[rule json-syntax]");
        assertThatThrownBy(() -> ProfileParser.parse("x.json", profile(GOOD.replace("\"modbus\"", "\"bacnet\""))))
                .hasMessageStartingWith("x.json /points/0/bacnet");
    }

    @Test
    void aBadProfileIsSkippedAndTheOthersLoad(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("x.json"), profile(GOOD));
        Files.writeString(dir.resolve("broken.json"), "{\"id\":\"broken\"}");
        ProfileLoader loader = new ProfileLoader();
        loader.start(dir, 0);
        assertThat(loader.find("x")).isPresent();
        assertThat(loader.find("broken")).isEmpty();
        assertThat(loader.rejectedProfiles()).isEqualTo(1);

        // An update that breaks a good profile keeps its last valid version.
        Files.writeString(dir.resolve("x.json"), profile(GOOD.replace("\"address\":1", "\"address\":-5")) + " ");
        loader.scan();
        assertThat(loader.find("x")).isPresent();
        assertThat(loader.rejectedProfiles()).isEqualTo(2);
    }
}
