package org.thermalcommons.edge.commissioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.commissioning.RegisterBlock;

/** The register browser against a j2mod unit on loopback whose holding and input registers differ. */
class RegisterBrowseTest {
    ModbusSlave slave;
    int port;
    final CommissioningComponent tools = CommissioningComponent.standalone(Clock.systemUTC(), "", Duration.ofSeconds(60),
            List.of(), null, null, null);

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        SimpleProcessImage img = new SimpleProcessImage(1);
        for (int i = 0; i < 8; i++) {
            img.addRegister(new SimpleRegister(100 + i));
            img.addInputRegister(new SimpleInputRegister(200 + i));
        }
        slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 2, false);
        slave.addProcessImage(1, img);
        slave.open();
    }

    @AfterEach
    void stop() {
        ModbusSlaveFactory.close(slave);
    }

    @Test
    void inputRegistersAreReadWithFunctionFourAndHoldingOnesWithThree() {
        RegisterBlock input = tools.readRegisters("127.0.0.1", port, 1, "input", 2, 3);
        assertThat(input.errors()).isEmpty();
        assertThat(input.words()).containsExactly(202, 203, 204);
        RegisterBlock holding = tools.readRegisters("127.0.0.1", port, 1, 2, 3);
        assertThat(holding.words()).containsExactly(102, 103, 104);
    }

    @Test
    void aTableOtherThanHoldingOrInputIsRefusedNamingTheField() {
        RegisterBlock b = tools.readRegisters("127.0.0.1", port, 1, "coil", 0, 1);
        assertThat(b.errors()).containsEntry("table", "must be holding or input");
        assertThat(b.words()).isEmpty();
    }
}
