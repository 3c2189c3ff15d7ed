package org.thermalcommons.edge.commissioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.commissioning.ModbusProbe;
import org.thermalcommons.edge.api.commissioning.ModbusScan;

class ModbusProberTest {
    private final ModbusProber prober = new ModbusProber(new SiteNetworks("192.168.10.0/24"));

    private static ModbusProbe probe(String first, String last, int u0, int u1) {
        return new ModbusProbe(first, last, 1502, u0, u1, Duration.ofMillis(300), Duration.ofSeconds(10));
    }

    @Test
    void refusesHostsOutsideLoopbackAndTheSiteNetworksNamingTheRule() {
        ModbusScan s = prober.probe(probe("10.0.0.1", "10.0.0.4", 1, 1));
        assertThat(s.errors()).containsKey("firstHost");
        assertThat(s.errors().get("firstHost")).startsWith("site-network:").contains("192.168.10.0/24");
        assertThat(s.tried()).isZero();
        assertThat(prober.check(probe("192.168.10.1", "192.168.10.20", 1, 2))).isEmpty();
        assertThat(prober.check(probe("127.0.0.1", "127.0.0.5", 1, 2))).isEmpty();
    }

    @Test
    void refusesMoreThan256HostsOr16UnitsOrUnboundedTimes() {
        assertThat(prober.check(probe("127.0.0.0", "127.0.1.0", 1, 1)).get("lastHost")).startsWith("host-count:");
        assertThat(prober.check(probe("127.0.0.1", "127.0.0.1", 1, 17)).get("lastUnit")).startsWith("unit-count:");
        assertThat(prober.check(new ModbusProbe("127.0.0.1", "127.0.0.1", 1502, 1, 1, Duration.ofSeconds(30), Duration.ofSeconds(10))))
                .containsKey("timeoutMs");
        assertThat(prober.check(new ModbusProbe("127.0.0.1", "127.0.0.1", 1502, 1, 1, Duration.ofMillis(300), Duration.ofHours(1))))
                .containsKey("deadlineSeconds");
        assertThat(prober.check(probe("127.0.0.9", "127.0.0.1", 1, 1))).containsKey("lastHost");
        assertThat(prober.check(probe("not-an-ip", "127.0.0.1", 1, 1))).containsKey("firstHost");
    }

    @Test
    void aMalformedSiteNetworkIsRefusedAtConfiguration() {
        assertThatThrownBy(() -> new SiteNetworks("10.0.0.0/8")).hasMessageContaining("prefix of 16..32");
        assertThatThrownBy(() -> new SiteNetworks("lan")).hasMessageContaining("CIDR");
    }

    @Test
    void findsALoopbackUnitAndItsSunSpecHeaderAndModels() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        SimpleProcessImage img = new SimpleProcessImage(3);
        int[] regs = new int[40100];
        regs[40000] = 0x5375;
        regs[40001] = 0x6E53;
        regs[40002] = 1;   // common model, 66 registers
        regs[40003] = 66;
        regs[40070] = 103; // three-phase inverter, 50 registers
        regs[40071] = 50;
        for (int r : regs) {
            img.addRegister(new SimpleRegister(r));
        }
        ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 2, false);
        slave.addProcessImage(3, img);
        slave.open();
        try {
            ModbusScan scan = prober.probe(new ModbusProbe("127.0.0.1", "127.0.0.1", port, 2, 3, Duration.ofMillis(500), Duration.ofSeconds(30)));
            assertThat(scan.errors()).isEmpty();
            assertThat(scan.findings()).hasSize(1);
            var f = scan.findings().get(0);
            assertThat(f.unit()).isEqualTo(3);
            assertThat(f.sunspecBase()).hasValue(40000);
            assertThat(f.sunspecModels()).startsWith(1, 103);
            assertThat(f.firstRegisters()).startsWith(1, 66);
        } finally {
            ModbusSlaveFactory.close(slave);
        }
    }
}
