package org.thermalcommons.edge.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.thermalcommons.edge.api.control.ControlCycle;
import org.thermalcommons.edge.api.health.Health;
import org.thermalcommons.edge.api.health.HealthIndicator;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.api.metrics.MetricsSource;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Quality;

/**
 * Per-block fault isolation in the assembled gateway: a Modbus device (the shipped battery-inverter profile) whose
 * register map ends at 109 answers exception 2 for the alarm word at 110. Only that point turns fault, with the
 * exception named in the device's health and counted in its metrics; the other points keep their poll period.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModbusFaultIT {
    @Inject
    BundleContext context;
    @Inject
    ControlCycle cycle;

    @Configuration
    public Option[] config() throws Exception {
        return EdgeOptions.gateway("modbus-fault", List.of("core", "profiles", "modbus"),
                Map.of("org.thermalcommons.edge.core.Cycle.cfg", "periodMs = 100\n"));
    }

    private Optional<PointValue> value(String id) {
        return cycle.lastReport().flatMap(r -> r.snapshot().value(PointId.parse(id)));
    }

    /** Holding registers 0..109 only: reading 110 is an illegal data address. */
    static ModbusSlave inverterWithoutAlarmRegister(int port) throws Exception {
        SimpleProcessImage img = new SimpleProcessImage(1);
        for (int i = 0; i < 110; i++) {
            img.addRegister(new SimpleRegister(0));
        }
        img.getRegister(100).setValue(655);    // SOC raw
        img.getRegister(101).setValue(0xFFFF); // scale factor -1: 65.5 %
        ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 4, false);
        slave.addProcessImage(1, img);
        slave.open();
        return slave;
    }

    @Test
    public void anExceptionForOneBlockFaultsOnlyItsPointsWhileTheOthersKeepTheirPeriod() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ModbusSlave slave = inverterWithoutAlarmRegister(port);
        try {
            Path etc = Path.of(System.getProperty("cool.edge.itest.deploy")).getParent().resolve("etc");
            Files.writeString(etc.resolve("org.thermalcommons.edge.driver.modbus.ModbusDevice-inv.cfg"), "device = inv\n"
                    + "profile = modbus-battery-inverter\nport = " + port + "\nfastPeriodMs = 300\nnormalPeriodMs = 300\n"
                    + "slowPeriodMs = 1000\nminGapMs = 0\n");
            EdgeOptions.await("SOC good and the alarm word fault", 30_000,
                    () -> value("inv/soc").map(PointValue::isGood).orElse(false)
                            && value("inv/alarms").map(v -> v.quality() == Quality.FAULT).orElse(false));
            assertEquals(65.5, value("inv/soc").orElseThrow().value(), 1e-9);

            // For three seconds: the fast points refresh at their 0.3 s period, the refused point stays fault.
            Set<Instant> socTimes = new HashSet<>();
            Set<Instant> setpointTimes = new HashSet<>();
            long end = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < end) {
                value("inv/soc").filter(PointValue::isGood).ifPresent(v -> socTimes.add(v.timestamp()));
                value("inv/power-setpoint").filter(PointValue::isGood).ifPresent(v -> setpointTimes.add(v.timestamp()));
                assertEquals(Quality.FAULT, value("inv/alarms").orElseThrow().quality());
                assertTrue("slow points stay good", value("inv/max-charge-kw").map(PointValue::isGood).orElse(true));
                Thread.sleep(50);
            }
            assertTrue("soc refreshed " + socTimes.size() + " times in 3 s", socTimes.size() >= 7);
            assertTrue("power-setpoint refreshed " + setpointTimes.size() + " times in 3 s", setpointTimes.size() >= 7);

            // The exception is named where an operator looks: the device's health, and counted in its metrics.
            Health health = null;
            for (ServiceReference<HealthIndicator> r : context.getServiceReferences(HealthIndicator.class, null)) {
                HealthIndicator h = context.getService(r);
                if (h.component().equals("driver:modbus-inv")) {
                    health = h.health();
                }
            }
            assertTrue("a health indicator for the device", health != null);
            assertEquals(Health.Status.DEGRADED, health.status());
            assertTrue(health.detail(), health.detail().contains("inv/alarms") && health.detail().contains("exception 2 illegal data address"));
            assertTrue(health.detail(), !health.detail().contains("inv/soc"));

            Map<String, Double> exceptions = new HashMap<>();
            Map<String, Double> failures = new HashMap<>();
            for (ServiceReference<MetricsSource> r : context.getServiceReferences(MetricsSource.class, null)) {
                context.getService(r).collect(new MetricsCollector() {
                    @Override
                    public void counter(String name, String help, Map<String, String> labels, double value) {
                        if (!"inv".equals(labels.get("device"))) {
                            return;
                        }
                        if (name.equals("cool_edge_modbus_exceptions_total")) {
                            exceptions.put(labels.get("code"), value);
                        } else if (name.equals("cool_edge_modbus_device_failures_total")) {
                            failures.put("device", value);
                        }
                    }

                    @Override
                    public void gauge(String name, String help, Map<String, String> labels, double value) {
                    }
                });
            }
            assertTrue("exception 2 counted: " + exceptions, exceptions.getOrDefault("2", 0.0) >= 5);
            assertEquals("the device itself never failed", 0.0, failures.getOrDefault("device", -1.0), 0);
        } finally {
            ModbusSlaveFactory.close(slave);
        }
    }
}
