package org.thermalcommons.edge.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.profile.DeviceProfile;
import org.thermalcommons.edge.api.profile.ModbusAddress;
import org.thermalcommons.edge.api.profile.ModbusAddress.DataType;
import org.thermalcommons.edge.api.profile.ModbusAddress.WordOrder;
import org.thermalcommons.edge.api.profile.ModbusOptions;

/** The Modbus part of a profile: 64-bit types, byte-swapped word orders, device-wide options; parser and schema agree. */
class ModbusProfileParsingTest {
    static String profile(String options, String type, String wordOrder) {
        return "{\"id\":\"x\",\"protocol\":\"modbus\",\"vendor\":\"v\",\"model\":\"m\",\"description\":\"d\"," + options
                + "\"points\":[{\"name\":\"p\",\"role\":\"Energy_Import_Sensor\",\"unit\":\"kilowatt_hour\","
                + "\"modbus\":{\"table\":\"input\",\"address\":1,\"type\":\"" + type + "\",\"wordOrder\":\"" + wordOrder + "\"}}]}";
    }

    static ModbusAddress address(DeviceProfile p) {
        return (ModbusAddress) p.points().get(0).address();
    }

    @Test
    void parsesEverySixtyFourBitTypeAndEveryWordOrder() throws Exception {
        assertThat(address(ProfileParser.parse("x.json", profile("", "uint64", "little-byte-swap"))))
                .extracting(ModbusAddress::type, ModbusAddress::wordOrder).containsExactly(DataType.UINT64, WordOrder.LITTLE_ENDIAN_BYTE_SWAP);
        assertThat(address(ProfileParser.parse("x.json", profile("", "int64", "big-byte-swap"))).wordOrder())
                .isEqualTo(WordOrder.BIG_ENDIAN_BYTE_SWAP);
        assertThat(address(ProfileParser.parse("x.json", profile("", "float64", "little"))).type().registers()).isEqualTo(4);
    }

    @Test
    void deviceOptionsDefaultToNoHolesAndFc6() throws Exception {
        assertThat(ProfileParser.parse("x.json", profile("", "int32", "big")).modbus()).isEqualTo(ModbusOptions.DEFAULT);
        assertThat(ProfileParser.parse("x.json", profile("\"modbus\":{\"maxGap\":6,\"fc16Only\":true},", "int32", "big")).modbus())
                .isEqualTo(new ModbusOptions(6, true));
    }

    @Test
    void badModbusInputIsRejectedNamingWhereAndWhichRule() {
        assertThatThrownBy(() -> ProfileParser.parse("x.json", profile("", "int32", "abcd")))
                .hasMessageStartingWith("x.json /points/0/modbus/wordOrder:").hasMessageContaining("[rule schema-");
        assertThatThrownBy(() -> ProfileParser.parse("x.json", profile("\"modbus\":{\"maxGap\":101},", "int32", "big")))
                .hasMessageContaining("x.json /modbus/maxGap:").hasMessageContaining("[rule schema-maximum]");
        assertThatThrownBy(() -> ProfileParser.parse("x.json", profile("\"modbus\":{\"holes\":true},", "int32", "big")))
                .hasMessageContaining("x.json /modbus/holes:").hasMessageContaining("[rule schema-");
        assertThatThrownBy(() -> ProfileParser.parse("x.json", profile("", "int128", "big")))
                .hasMessageContaining("x.json /points/0/modbus/type:").hasMessageContaining("[rule schema-");
    }

    @Test
    void theSchemaAcceptsWhatTheParserAcceptsAndRejectsTheRest() throws Exception {
        ProfileSchema schema = ProfileSchema.load();
        ObjectMapper json = new ObjectMapper();
        assertThat(schema.check("x.json", json.readTree(profile("\"modbus\":{\"maxGap\":6,\"fc16Only\":true},", "float64", "big-byte-swap"))))
                .isEmpty();
        assertThat(schema.check("x.json", json.readTree(profile("", "int32", "abcd")))).isNotEmpty();
        assertThat(schema.check("x.json", json.readTree(profile("\"modbus\":{\"maxGap\":101},", "int32", "big")))).isNotEmpty();
    }
}
