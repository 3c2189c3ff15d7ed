package org.thermalcommons.edge.bench.commissioning;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.thermalcommons.edge.api.commissioning.DraftRequest;
import org.thermalcommons.edge.api.commissioning.ModbusProbe;
import org.thermalcommons.edge.api.commissioning.ModbusScan;
import org.thermalcommons.edge.api.commissioning.ProfileDraft;
import org.thermalcommons.edge.api.driver.DiscoveredDevice;
import org.thermalcommons.edge.driver.bacnet.BacnetDirectoryBench;
import org.thermalcommons.edge.profiles.ShippedProfiles;
import org.thermalcommons.edge.sim.WiredBuilding;
import org.thermalcommons.edge.bench.Figures;
import org.thermalcommons.edge.bench.Suite;
import org.thermalcommons.edge.commissioning.CommissioningComponent;
import org.thermalcommons.edge.profiles.ProfileLibraryComponent;

/**
 * The installer tools' production code paths against the demo's simulated building served on loopback by the sim
 * bundle's wire servers (edge-config's SimulatedBuilding.cfg, ports moved to free ones: four bacnet4j zone controllers,
 * battery, meter and heat pump on j2mod Modbus TCP), through the real BACnet driver network component (edge-config's
 * BacnetNetwork.cfg: its 3 s deadline, periodic discovery) and the real commissioning component. The measurement starts
 * once the gateway's start-up discovery has heard the zones and the datagram screen's I-Am window (10 s) has passed, as
 * on a site where the gateway has been running.
 * <ul>
 * <li>{@code scan_s}: what an installer's scan costs end to end — BACnet discovery on request (one Who-Is round, the
 * wait for I-Am that ends 0.5 s after the last answer) with every zone's object list read (names, units), plus the
 * Modbus TCP probe of the site's three Modbus servers over unit ids 1..16 with the console's default timeout (500 ms).
 * {@code scan_bacnet_s} and {@code scan_modbus_s} are its two parts.</li>
 * <li>{@code profile_draft_ms}: suggestion from the scanned zone's objects, drafting and validation by the profiles
 * bundle's validator (median of 200 after 50 warm-up).</li>
 * <li>{@code report_pdf_ms}: the PDF report (HTML and openhtmltopdf) of that session: four zones, three Modbus units,
 * a saved profile, the steps (median of 10 after 3 warm-up).</li>
 * </ul>
 */
public final class CommissioningSuite implements Suite {
    @Override
    public String name() {
        return "commissioning";
    }

    @Override
    public void run(Figures figures) throws Exception {
        Path repo = Path.of(System.getProperty("cool.edge.repo", "."));
        Path etc = repo.resolve("edge-config");
        Path lib = Files.createTempDirectory("bench-profiles");
        try (WiredBuilding site = new WiredBuilding(etc, ShippedProfiles.load(repo.resolve("modbus-bacnet-profiles")));
             BacnetDirectoryBench bacnet = new BacnetDirectoryBench(etc, site.bacnetBasePort, site.zones)) {
            CommissioningComponent tools = CommissioningComponent.standalone(Clock.systemUTC(), "", Duration.ofSeconds(60),
                    List.of(bacnet.directory()), ProfileLibraryComponent.inDirectory(lib), null, null);
            bacnet.settled(site.zones); // not measured: the gateway has been running when the installer arrives
            long t0 = System.nanoTime();
            List<DiscoveredDevice> found = tools.scanBacnet("bench", true);
            double bacnetS = (System.nanoTime() - t0) / 1e9;
            if (found.size() != site.zones || found.stream().anyMatch(d -> d.objects().isEmpty())) {
                throw new IllegalStateException("BACnet scan found " + found.size() + " of " + site.zones + " zones: " + found);
            }
            long t1 = System.nanoTime();
            int answered = 0;
            for (int port = site.modbusBasePort; port < site.modbusBasePort + 3; port++) {
                ModbusScan s = tools.probeModbus(new ModbusProbe("127.0.0.1", "127.0.0.1", port, 1, 16, Duration.ofMillis(500),
                        Duration.ofSeconds(120)), "bench");
                if (!s.errors().isEmpty() || s.findings().isEmpty()) {
                    throw new IllegalStateException("probe of :" + port + " found nothing: " + s.errors());
                }
                answered += s.findings().size();
            }
            double modbusS = (System.nanoTime() - t1) / 1e9;
            System.err.printf("commissioning: %d BACnet zones in %.3f s, %d Modbus units on 3 servers in %.3f s%n", found.size(),
                    bacnetS, answered, modbusS);
            figures.report("scan_s", bacnetS + modbusS, "s");
            figures.report("scan_bacnet_s", bacnetS, "s");
            figures.report("scan_modbus_s", modbusS, "s");
            draftAndReport(figures, tools, site.firstZoneInstance);
        } finally {
            try (var files = Files.list(lib)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(lib);
        }
    }

    private static void draftAndReport(Figures figures, CommissioningComponent tools, int zone) {
        long[] draft = new long[200];
        for (int i = -50; i < draft.length; i++) {
            long t0 = System.nanoTime();
            ProfileDraft d = tools.draft(new DraftRequest("bench-zone", "bacnet", "generic", "zone", "bench",
                    tools.suggest(zone)), false, "bench");
            long dt = System.nanoTime() - t0;
            if (!d.valid()) {
                throw new IllegalStateException("draft refused: " + d.errors());
            }
            if (i >= 0) {
                draft[i] = dt;
            }
        }
        figures.report("profile_draft_ms", Figures.percentile(draft, 50) / 1e6, "ms");
        tools.draft(new DraftRequest("bench-zone", "bacnet", "generic", "zone", "bench", tools.suggest(zone)), true, "bench");

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
    }
}
