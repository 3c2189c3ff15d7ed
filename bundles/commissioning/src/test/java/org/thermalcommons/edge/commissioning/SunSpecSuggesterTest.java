package org.thermalcommons.edge.commissioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.api.commissioning.DraftPoint;
import org.thermalcommons.edge.api.commissioning.DraftRequest;
import org.thermalcommons.edge.api.commissioning.ProfileDraft;
import org.thermalcommons.edge.profiles.ProfileLibraryComponent;

/** SunSpec model layouts turned into draft points, from a j2mod unit on loopback carrying an inverter and a meter. */
class SunSpecSuggesterTest {
    @TempDir
    Path dir;

    /** 'SunS' at 40000, common model (66), inverter 103 (50) at 40070, meter 203 (105) at 40122, end marker. */
    private static ModbusSlave unit(int port) throws Exception {
        int[] regs = new int[40300];
        regs[40000] = 0x5375;
        regs[40001] = 0x6E53;
        regs[40002] = 1;
        regs[40003] = 66;
        regs[40070] = 103;
        regs[40071] = 50;
        regs[40122] = 203;
        regs[40123] = 105;
        regs[40229] = 0xFFFF;
        SimpleProcessImage img = new SimpleProcessImage(1);
        for (int r : regs) {
            img.addRegister(new SimpleRegister(r));
        }
        ModbusSlave s = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 2, false);
        s.addProcessImage(1, img);
        s.open();
        return s;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void anInverterAndAMeterGetTheirModelsRegistersWithScaleFactorsAndTheDraftPassesTheValidator() throws Exception {
        int port = freePort();
        ModbusSlave slave = unit(port);
        try {
            CommissioningComponent tools = CommissioningComponent.standalone(Clock.systemUTC(), "", Duration.ofSeconds(60), List.of(),
                    ProfileLibraryComponent.inDirectory(dir), null, null);
            List<DraftPoint> points = tools.suggestModbus("127.0.0.1", port, 1);

            Map<String, String> got = new TreeMap<>();
            points.forEach(p -> got.put(p.name(), p.address() + " sf " + p.scaleFactorRegister().orElse(-1)));
            assertThat(got).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "m103-ac-current", "holding:40072:uint16 sf 40076",
                    "m103-ac-voltage", "holding:40080:uint16 sf 40083",
                    "m103-ac-power", "holding:40084:int16 sf 40085",
                    "m103-frequency", "holding:40086:uint16 sf 40087",
                    "m203-current", "holding:40124:int16 sf 40128",
                    "m203-voltage", "holding:40129:int16 sf 40137",
                    "m203-frequency", "holding:40138:int16 sf 40139",
                    "m203-power", "holding:40140:int16 sf 40144"));
            assertThat(points.stream().filter(p -> p.name().endsWith("power")).map(DraftPoint::role))
                    .containsExactly("Inverter_Electric_Power_Sensor", "Electric_Power_Sensor");
            assertThat(points).noneMatch(DraftPoint::writable);

            ProfileDraft d = tools.draft(new DraftRequest("site-pv", "modbus", "generic", "inverter + meter", "SunSpec", points), false, "ines");
            assertThat(d.errors()).isEmpty();
        } finally {
            ModbusSlaveFactory.close(slave);
        }
    }

    @Test
    void aUnitWithoutSunSpecGetsNoSuggestionsAndAnOffSiteHostIsRefusedNamingTheRule() throws Exception {
        int port = freePort();
        SimpleProcessImage img = new SimpleProcessImage(1);
        for (int i = 0; i < 16; i++) {
            img.addRegister(new SimpleRegister(i));
        }
        ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 2, false);
        slave.addProcessImage(1, img);
        slave.open();
        try {
            CommissioningComponent tools = CommissioningComponent.standalone(Clock.systemUTC(), "", Duration.ofSeconds(60), List.of(),
                    null, null, null);
            assertThat(tools.suggestModbus("127.0.0.1", port, 1)).isEmpty();
            assertThatThrownBy(() -> tools.suggestModbus("10.1.2.3", port, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("firstHost: site-network: 10.1.2.3");
        } finally {
            ModbusSlaveFactory.close(slave);
        }
    }

    @Test
    void unknownModelsSuggestNothing() {
        assertThat(SunSpecSuggester.suggest(List.of(new SunSpecSuggester.Model(64110, 40070)))).isEmpty();
        assertThat(SunSpecSuggester.suggest(List.of(new SunSpecSuggester.Model(101, 0))).get(2).scaleFactorRegister()).isEqualTo(OptionalInt.of(15));
    }
}
