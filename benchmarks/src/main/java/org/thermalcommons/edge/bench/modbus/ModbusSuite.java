package org.thermalcommons.edge.bench.modbus;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.thermalcommons.edge.bench.Figures;
import org.thermalcommons.edge.bench.Suite;
import org.thermalcommons.edge.driver.modbus.ModbusBench;

/**
 * 1,000 holding registers on a j2mod slave over loopback, read for a fixed time through the driver's poll path
 * (block planning, transaction checks, decoding, validation, point values) and directly with j2mod's master in blocks
 * of 125, in one run. The driver counts only the values each timed poll read (not the cache). Figures:
 * {@code driver_regs_per_s} unthrottled, {@code driver_default_regs_per_s} with the shipped default settings (minimum
 * gap between transactions, timeout, retries), {@code raw_regs_per_s} the library alone, {@code ratio} driver / raw.
 */
public final class ModbusSuite implements Suite {
    static final int REGISTERS = 1000;
    static final long MILLIS = Long.getLong("modbus.millis", 5000);

    @Override
    public String name() {
        return "modbus";
    }

    @Override
    public void run(Figures figures) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        SimpleProcessImage img = new SimpleProcessImage(1);
        for (int i = 0; i < REGISTERS; i++) {
            img.addRegister(new SimpleRegister(i % 1000));
        }
        ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 4, false);
        slave.addProcessImage(1, img);
        slave.open();
        try {
            double raw = 0;
            double driver = 0;
            // Two rounds each, alternating, to even out warm-up and noise; the second round counts.
            for (int round = 0; round < 2; round++) {
                raw = raw(port);
                driver = driver(port, false);
            }
            double shipped = driver(port, true);
            figures.report("driver_regs_per_s", driver, "regs/s");
            figures.report("driver_default_regs_per_s", shipped, "regs/s");
            figures.report("raw_regs_per_s", raw, "regs/s");
            figures.report("ratio", driver / raw, "ratio");
        } finally {
            ModbusSlaveFactory.close(slave);
        }
    }

    private static double raw(int port) throws Exception {
        ModbusTCPMaster m = new ModbusTCPMaster("127.0.0.1", port, 2000, false);
        m.connect();
        try {
            long regs = 0;
            long end = System.nanoTime() + MILLIS * 1_000_000;
            long start = System.nanoTime();
            while (System.nanoTime() < end) {
                for (int at = 0; at < REGISTERS; at += 125) {
                    regs += m.readMultipleRegisters(1, at, Math.min(125, REGISTERS - at)).length;
                }
            }
            return regs / ((System.nanoTime() - start) / 1e9);
        } finally {
            m.disconnect();
        }
    }

    private static double driver(int port, boolean shippedDefaults) {
        try (ModbusBench d = new ModbusBench(port, REGISTERS, shippedDefaults)) {
            long regs = 0;
            long end = System.nanoTime() + MILLIS * 1_000_000;
            long start = System.nanoTime();
            while (System.nanoTime() < end) {
                int read = d.poll();
                if (read != REGISTERS) {
                    throw new IllegalStateException("a driver poll read " + read + " of " + REGISTERS + " registers");
                }
                regs += read;
            }
            if (d.failures() > 0) {
                throw new IllegalStateException("driver polls failed " + d.failures() + " times");
            }
            return regs / ((System.nanoTime() - start) / 1e9);
        }
    }
}
