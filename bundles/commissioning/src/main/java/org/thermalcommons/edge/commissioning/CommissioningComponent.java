package org.thermalcommons.edge.commissioning;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.command.CommandRegistry;
import org.thermalcommons.edge.api.commissioning.Commissioning;
import org.thermalcommons.edge.api.commissioning.DraftPoint;
import org.thermalcommons.edge.api.commissioning.DraftRequest;
import org.thermalcommons.edge.api.commissioning.ModbusProbe;
import org.thermalcommons.edge.api.commissioning.ModbusScan;
import org.thermalcommons.edge.api.commissioning.ProfileDraft;
import org.thermalcommons.edge.api.commissioning.ProfileLibrary;
import org.thermalcommons.edge.api.commissioning.RegisterBlock;
import org.thermalcommons.edge.api.commissioning.TestRun;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.CycleListener;
import org.thermalcommons.edge.api.control.CycleReport;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.driver.DeviceDirectory;
import org.thermalcommons.edge.api.driver.DiscoveredDevice;
import org.thermalcommons.edge.api.driver.ObjectReading;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.api.store.AuditLog;

/**
 * The installer tools in the gateway: {@link Commissioning} for the console, and the point tester as a controller
 * (MANUAL_OVERRIDE priority) and cycle listener. Every action is journaled for the report and audited (category
 * {@code commissioning}).
 */
@Component(service = {Commissioning.class, Controller.class, CycleListener.class}, immediate = true,
        configurationPid = CommissioningComponent.PID)
@Designate(ocd = CommissioningComponent.Config.class)
public class CommissioningComponent implements Commissioning, Controller, CycleListener {
    static final String PID = "org.thermalcommons.edge.commissioning.Commissioning";
    private static final Logger LOG = LoggerFactory.getLogger(CommissioningComponent.class);
    static final int MAX_BACNET_DEVICES = 64;

    @ObjectClassDefinition(name = "COOL Edge commissioning", description = "Installer tools: scans, probes, point tests")
    @interface Config {
        @AttributeDefinition(name = "Site networks", description = "Comma-separated IPv4 CIDRs (prefix 16..32) a Modbus probe may reach besides loopback")
        String siteNetworks() default "";

        @AttributeDefinition(name = "Longest test of one point (s)", min = "10", max = "900")
        int perPointSeconds() default 180;

        @AttributeDefinition(name = "Discovery on request: longest wait for I-Am (ms)", min = "100", max = "10000",
                description = "The wait ends earlier once answers stop arriving")
        int discoveryWaitMs() default 3000;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    final List<DeviceDirectory> directories = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ProfileLibrary library;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CommandRegistry commands;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile AuditLog audit;

    private final Clock clock;
    private final Journal journal = new Journal();
    private ModbusProber prober;
    private PointTester tester;
    private BacnetTools bacnet;
    private BundleContext context;

    public CommissioningComponent() {
        this(Clock.systemUTC());
    }

    CommissioningComponent(Clock clock) {
        this.clock = clock;
    }

    @Activate
    void activate(BundleContext ctx, Config c) {
        context = ctx;
        configure(c.siteNetworks(), Duration.ofSeconds(c.perPointSeconds()), Duration.ofMillis(c.discoveryWaitMs()));
    }

    /** The tools outside a framework (tests, benchmarks), with the services they would be given. */
    public static CommissioningComponent standalone(Clock clock, String siteNetworks, Duration perPoint,
                                                    List<DeviceDirectory> directories, ProfileLibrary library,
                                                    CommandRegistry commands, AuditLog audit) {
        CommissioningComponent c = new CommissioningComponent(clock);
        c.directories.addAll(directories);
        c.library = library;
        c.commands = commands;
        c.audit = audit;
        c.configure(siteNetworks, perPoint, Duration.ofSeconds(3));
        return c;
    }

    /** Also used by tests without a framework. */
    void configure(String siteNetworks, Duration perPoint, Duration discoveryWait) {
        SiteNetworks nets = new SiteNetworks(siteNetworks);
        bacnet = new BacnetTools(directories, journal, clock, discoveryWait);
        prober = new ModbusProber(nets);
        tester = new PointTester(clock, () -> Optional.ofNullable(commands), perPoint, this::finished);
        LOG.info("Commissioning ready: Modbus probes limited to {}", nets);
    }

    private void record(String who, String subject, String what) {
        journal.add(clock.instant(), who, what);
        AuditLog a = audit;
        AuditEvent e = AuditEvent.by(clock.instant(), "commissioning", subject, who, what);
        if (a != null) {
            a.record(e);
        }
        LOG.info("Commissioning audit: {} {}", subject, e.message());
    }

    private void finished(TestRun r) {
        long ok = r.points().stream().filter(p -> p.outcome().startsWith("verified") || p.outcome().equals("read")).count();
        record(r.by(), r.device(), "point test " + r.id() + " of " + r.device() + " finished: " + ok + " of "
                + r.points().size() + " points passed (" + r.points().stream().map(p -> p.point() + " " + p.outcome()).toList() + ")");
    }

    @Override
    public List<DiscoveredDevice> scanBacnet(String by) {
        return bacnet.scan(by, false);
    }

    @Override
    public List<DiscoveredDevice> scanBacnet(String by, boolean discover) {
        return bacnet.scan(by, discover);
    }

    @Override
    public ObjectReading readBacnetObject(int device, String type, int instance, String by) {
        return bacnet.read(device, type, instance, by);
    }

    @Override
    public ModbusScan probeModbus(ModbusProbe probe, String by) {
        ModbusScan s = prober.probe(probe);
        if (s.errors().isEmpty()) {
            journal.modbus(s.findings());
            journal.add(clock.instant(), by, "Modbus probe " + probe.firstHost() + ".." + probe.lastHost() + ":"
                    + probe.port() + " units " + probe.firstUnit() + ".." + probe.lastUnit() + ": " + s.findings().size()
                    + " answered of " + s.tried() + (s.timedOut() ? " (deadline reached)" : ""));
        }
        return s;
    }

    @Override
    public RegisterBlock readRegisters(String host, int port, int unit, int start, int count) {
        return readRegisters(host, port, unit, "holding", start, count);
    }

    @Override
    public RegisterBlock readRegisters(String host, int port, int unit, String table, int start, int count) {
        Map<String, String> e = new LinkedHashMap<>(prober.check(new ModbusProbe(host, host, port, unit, unit,
                Duration.ofSeconds(1), Duration.ofSeconds(5))));
        if (start < 0 || start > 65535) {
            e.put("start", "must be 0..65535");
        }
        if (count < 1 || count > 32 || start + count > 65536) {
            e.put("count", "must be 1..32 and end at register 65535 at the latest");
        }
        boolean input = "input".equals(table);
        if (!input && !"holding".equals(table)) {
            e.put("table", "must be holding or input");
        }
        if (!e.isEmpty()) {
            return new RegisterBlock(e, start, List.of(), List.of());
        }
        com.ghgande.j2mod.modbus.facade.ModbusTCPMaster m = new com.ghgande.j2mod.modbus.facade.ModbusTCPMaster(host, port, 1000, false);
        try {
            m.connect();
            int[] words = input ? ModbusProber.readInput(m, unit, start, count) : ModbusProber.read(m, unit, start, count);
            if (words == null) {
                return new RegisterBlock(Map.of("start", "unit " + unit + " did not answer a read of " + count
                        + " " + table + " registers at " + start), start, List.of(), List.of());
            }
            return new RegisterBlock(Map.of(), start, Arrays.stream(words).boxed().toList(), RegisterDecoder.all(start, words));
        } catch (Exception ex) {
            return new RegisterBlock(Map.of("host", "cannot connect to " + host + ":" + port + ": " + ex.getMessage()),
                    start, List.of(), List.of());
        } finally {
            m.disconnect();
        }
    }

    @Override
    public List<DraftPoint> suggest(int bacnetInstance) {
        return bacnet.suggest(bacnetInstance);
    }

    @Override
    public List<DraftPoint> suggestModbus(String host, int port, int unit) {
        Map<String, String> e = prober.check(new ModbusProbe(host, host, port, unit, unit, Duration.ofSeconds(1), Duration.ofSeconds(5)));
        if (!e.isEmpty()) {
            Map.Entry<String, String> first = e.entrySet().iterator().next();
            throw new IllegalArgumentException(first.getKey() + ": " + first.getValue());
        }
        return SunSpecSuggester.suggest(host, port, unit);
    }

    @Override
    public ProfileDraft draft(DraftRequest request, boolean save, String by) {
        Map<String, String> errors = ProfileDrafter.check(request);
        if (!errors.isEmpty()) {
            return new ProfileDraft(request.id(), "", errors, false);
        }
        String json = ProfileDrafter.json(request);
        ProfileLibrary lib = library;
        if (lib == null) {
            return new ProfileDraft(request.id(), json, Map.of("$", "the profiles bundle is not running: nothing validates drafts"), false);
        }
        String file = request.id() + ".json";
        Map<String, String> verdict = save ? lib.save(file, json) : lib.validate(file, json);
        ProfileDraft d = new ProfileDraft(request.id(), json, verdict, save && verdict.isEmpty());
        if (d.saved()) {
            journal.saved(d);
            record(by, request.id(), "saved profile " + file + " (" + request.points().size() + " points) to " + lib.directory());
        }
        return d;
    }

    @Override
    public TestRun startTest(String device, String by) {
        TestRun r = tester.start(device, by);
        record(by, device, "started point test " + r.id() + " of " + device + ": " + r.points().size() + " points, "
                + r.points().stream().filter(p -> p.writable()).count() + " written at a test value (MANUAL_OVERRIDE) then relinquished");
        return r;
    }

    @Override
    public List<String> testableDevices() {
        return tester.devices();
    }

    @Override
    public Optional<TestRun> test(String id) {
        return tester.get(id);
    }

    @Override
    public List<TestRun> tests() {
        return tester.all();
    }

    /** Journals a BACnet scan's result as if it had been made (benchmarks of the report without a network). */
    public void journalScan(List<DiscoveredDevice> devices, String by) {
        journal.bacnet(devices);
        journal.add(clock.instant(), by, "BACnet scan: " + devices.size() + " devices");
    }

    ReportWriter.Content content(String site, String by) {
        List<String> bundles = new ArrayList<>();
        String version = "unknown";
        if (context != null) {
            for (Bundle b : context.getBundles()) {
                bundles.add(b.getSymbolicName() + " " + b.getVersion() + (b.getState() == Bundle.ACTIVE ? "" : " (state " + b.getState() + ")"));
            }
            version = Optional.ofNullable(context.getProperty("cool.edge.version")).orElse(context.getBundle().getVersion().toString());
        }
        return new ReportWriter.Content(site, by, clock.instant(), version, bundles, journal.bacnet(), journal.modbus(),
                journal.saved(), tests(), journal.entries());
    }

    @Override
    public String reportHtml(String site, String by) {
        return ReportWriter.html(content(site, by));
    }

    @Override
    public byte[] reportPdf(String site, String by) {
        byte[] pdf = ReportWriter.pdf(reportHtml(site, by));
        record(by, site, "commissioning report (PDF, " + pdf.length + " bytes) generated");
        return pdf;
    }

    @Override
    public String id() {
        return PointTester.ID;
    }

    @Override
    public WritePriority priority() {
        return WritePriority.MANUAL_OVERRIDE;
    }

    @Override
    public void run(CycleContext ctx) {
        tester.run(ctx);
    }

    @Override
    public void cycleCompleted(CycleReport report) {
        tester.observe(report.snapshot());
    }
}
