package org.thermalcommons.edge.bench.commissioning;

import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.thermalcommons.edge.api.commissioning.DraftRequest;
import org.thermalcommons.edge.api.commissioning.ModbusProbe;
import org.thermalcommons.edge.api.commissioning.ModbusScan;
import org.thermalcommons.edge.api.commissioning.ProfileDraft;
import org.thermalcommons.edge.api.driver.DeviceDirectory;
import org.thermalcommons.edge.api.driver.DiscoveredDevice;
import org.thermalcommons.edge.api.driver.DiscoveredObject;
import org.thermalcommons.edge.bench.Figures;
import org.thermalcommons.edge.bench.Suite;
import org.thermalcommons.edge.commissioning.CommissioningComponent;
import org.thermalcommons.edge.profiles.ProfileLibraryComponent;

/**
 * The installer tools' production code paths: {@code scan_s} is the Modbus TCP probe of the simulated site's two
 * Modbus servers (battery with a SunSpec header, meter; j2mod on loopback as the simulation serves them) over unit
 * ids 1..16 with the console's default timeout (500 ms) — BACnet discovery is not in this figure (the BACnet driver's
 * network is internal to its bundle); {@code profile_draft_ms} is suggestion, drafting and validation by the profiles
 * bundle's validator of a zone controller's profile (median of 200 after 50 warm-up); {@code report_pdf_ms} is the
 * PDF report (HTML and openhtmltopdf) of a four-zone site (median of 10 after 3 warm-up).
 */
public final class CommissioningSuite implements Suite {
    static final List<DiscoveredObject> ZONE = List.of(
            new DiscoveredObject("analog-input", 1, "temp", "degrees-celsius"),
            new DiscoveredObject("analog-input", 2, "humidity", "percent-relative-humidity"),
            new DiscoveredObject("analog-value", 3, "cooling-setpoint", "degrees-celsius"),
            new DiscoveredObject("binary-input", 4, "occupancy", ""),
            new DiscoveredObject("analog-input", 5, "cooling-power", "kilowatts"));

    @Override
    public String name() {
        return "commissioning";
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static ModbusSlave server(int port, boolean sunspec) throws Exception {
        SimpleProcessImage img = new SimpleProcessImage(1);
        int[] regs = new int[sunspec ? 40100 : 200];
        if (sunspec) {
            regs[40000] = 0x5375;
            regs[40001] = 0x6E53;
            regs[40002] = 1;
            regs[40003] = 66;
            regs[40070] = 802;
            regs[40071] = 20;
        }
        for (int r : regs) {
            img.addRegister(new SimpleRegister(r));
        }
        ModbusSlave s = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 2, false);
        s.addProcessImage(1, img);
        s.open();
        return s;
    }

    @Override
    public void run(Figures figures) throws Exception {
        Path lib = Files.createTempDirectory("bench-profiles");
        List<DiscoveredDevice> zones = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            zones.add(new DiscoveredDevice("bacnet", 1000 + i, "127.0.0.1:" + (47808 + i), 1476, "no-segmentation", 0, "COOL sim", ZONE, Instant.now()));
        }
        DeviceDirectory dir = new DeviceDirectory() {
            public String protocol() {
                return "bacnet";
            }

            public List<DiscoveredDevice> devices() {
                return zones;
            }

            public Optional<DiscoveredDevice> describe(int instance) {
                return zones.stream().filter(z -> z.instance() == instance).findFirst();
            }
        };
        CommissioningComponent tools = CommissioningComponent.standalone(Clock.systemUTC(), "", Duration.ofSeconds(60), List.of(dir),
                ProfileLibraryComponent.inDirectory(lib), null, null);

        int battery = freePort();
        int meter = freePort();
        ModbusSlave a = server(battery, true);
        ModbusSlave b = server(meter, false);
        try {
            double total = 0;
            for (int port : new int[]{battery, meter}) {
                long t0 = System.nanoTime();
                ModbusScan s = tools.probeModbus(new ModbusProbe("127.0.0.1", "127.0.0.1", port, 1, 16, Duration.ofMillis(500),
                        Duration.ofSeconds(120)), "bench");
                total += (System.nanoTime() - t0) / 1e9;
                if (!s.errors().isEmpty() || s.findings().isEmpty()) {
                    throw new IllegalStateException("probe of :" + port + " found nothing: " + s.errors());
                }
            }
            figures.report("scan_s", total, "s");
        } finally {
            ModbusSlaveFactory.close(a);
            ModbusSlaveFactory.close(b);
        }

        tools.journalScan(zones, "bench");
        long[] draft = new long[200];
        for (int i = -50; i < draft.length; i++) {
            long t0 = System.nanoTime();
            ProfileDraft d = tools.draft(new DraftRequest("bench-zone", "bacnet", "generic", "zone", "bench",
                    tools.suggest(1001)), false, "bench");
            long dt = System.nanoTime() - t0;
            if (!d.valid()) {
                throw new IllegalStateException("draft refused: " + d.errors());
            }
            if (i >= 0) {
                draft[i] = dt;
            }
        }
        figures.report("profile_draft_ms", Figures.percentile(draft, 50) / 1e6, "ms");
        tools.draft(new DraftRequest("bench-zone", "bacnet", "generic", "zone", "bench", tools.suggest(1001)), true, "bench");

        long[] pdf = new long[10];
        for (int i = -3; i < pdf.length; i++) {
            long t0 = System.nanoTime();
            byte[] out = tools.reportPdf("Bench site", "bench");
            long dt = System.nanoTime() - t0;
            if (out.length < 1000) {
                throw new IllegalStateException("PDF of " + out.length + " bytes");
            }
            if (i >= 0) {
                pdf[i] = dt;
            }
        }
        figures.report("report_pdf_ms", Figures.percentile(pdf, 50) / 1e6, "ms");
        try (var files = Files.list(lib)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(lib);
    }
}
