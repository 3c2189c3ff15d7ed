package org.thermalcommons.edge.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.thermalcommons.edge.api.command.CommandRegistry;
import org.thermalcommons.edge.api.command.CommandState;
import org.thermalcommons.edge.api.command.CommandStatus;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.CycleReport;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.driver.DeviceDirectory;
import org.thermalcommons.edge.api.driver.DiscoveredDevice;
import org.thermalcommons.edge.api.driver.DiscoveredObject;
import org.thermalcommons.edge.api.driver.ObjectReading;
import org.thermalcommons.edge.api.driver.ObjectState;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.commissioning.CommissioningComponent;
import org.thermalcommons.edge.console.auth.ConsoleRole;
import org.thermalcommons.edge.console.auth.PasswordHasher;
import org.thermalcommons.edge.console.auth.User;
import org.thermalcommons.edge.profiles.ProfileLibraryComponent;

/**
 * The commissioning page in a real browser (Debian Chromium headless, one session): BACnet scan, a Modbus probe of a
 * j2mod unit on loopback with a SunSpec header, the register browser, a profile drafted for the zone controller and
 * saved through the real profile validator, a point test whose write is verified and relinquished, the report as PDF
 * rendered to PNG with pdftoppm; a viewer sees no commissioning and is refused by the API. Screenshots per step in
 * {@code target/screenshots/}.
 * <p>
 * Real: the console's servlets, the commissioning tools, the profile validator, the Modbus unit (j2mod over TCP),
 * the PDF. Test doubles: the BACnet directory (answers with the objects the simulated building's zone controller
 * serves) and the core (a 100 ms loop running the commissioning controller, with a command registry that moves a
 * write SENT → ACKNOWLEDGED → VERIFIED over three cycles and RELINQUISHED on release).
 */
class CommissioningBrowserTest {
    static final Path SHOTS = Path.of("target/screenshots");
    /** The register browser's cell for register 40004 decoded as a big-endian (ABCD) float32. */
    static final String FLOAT_AT_40004 = "#reg-table tr.decoding[data-address='40004'][data-type='float32'] button[data-order='ABCD']";
    static final List<DiscoveredObject> ZONE = List.of(
            new DiscoveredObject("device", 1001, "zone-1", ""),
            new DiscoveredObject("analog-input", 1, "temp", "degrees-celsius"),
            new DiscoveredObject("analog-input", 2, "humidity", "percent-relative-humidity"),
            new DiscoveredObject("analog-value", 3, "cooling-setpoint", "degrees-celsius"),
            new DiscoveredObject("binary-input", 4, "occupancy", ""),
            new DiscoveredObject("analog-input", 5, "cooling-power", "kilowatts"));

    @TempDir
    Path dir;
    ConsoleServer server;
    WebDriver browser;
    ModbusSlave modbus;
    int modbusPort;
    CommissioningComponent tools;
    final Map<PointId, CommandStatus> commands = new ConcurrentHashMap<>();
    final Map<PointId, Double> device = new ConcurrentHashMap<>();
    final Map<PointId, Double> relinquished = new ConcurrentHashMap<>();
    final AtomicBoolean running = new AtomicBoolean(true);
    final java.util.concurrent.atomic.AtomicInteger discoveries = new java.util.concurrent.atomic.AtomicInteger();
    Thread cycle;

    @BeforeEach
    void start() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        assumeTrue(ci || (Files.isExecutable(ConsoleBrowserTest.CHROMIUM) && Files.isExecutable(ConsoleBrowserTest.CHROMEDRIVER)),
                "Chromium and chromedriver are not installed (.ci/run installs them)");
        Files.createDirectories(SHOTS);
        server = new ConsoleServer(dir.resolve("data"));
        PasswordHasher h = new PasswordHasher(1_000, 2);
        for (String[] u : new String[][]{{"installer", "INSTALLER"}, {"viewer", "VIEWER"}}) {
            server.users.insert(new User(u[0], ConsoleRole.valueOf(u[1]), h.hash(ConsoleServer.PASSWORD.toCharArray()), Instant.now(), "test"));
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            modbusPort = s.getLocalPort();
        }
        SimpleProcessImage img = new SimpleProcessImage(1);
        int[] regs = new int[40080];
        regs[40000] = 0x5375;
        regs[40001] = 0x6E53;
        regs[40002] = 1;
        regs[40003] = 66;
        regs[40004] = 0x4148; // 12.5f, big-endian
        for (int r : regs) {
            img.addRegister(new SimpleRegister(r));
        }
        modbus = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), modbusPort, 2, false);
        modbus.addProcessImage(1, img);
        modbus.open();
        Path library = Files.createDirectories(dir.resolve("profiles"));
        DeviceDirectory bacnet = new DeviceDirectory() {
            final DiscoveredDevice zone = new DiscoveredDevice("bacnet", 1001, "127.0.0.1:47809", 1476, "no-segmentation", 0, "", List.of(), Instant.now());

            public String protocol() {
                return "bacnet";
            }

            public List<DiscoveredDevice> devices() {
                return List.of(zone);
            }

            public Optional<DiscoveredDevice> describe(int instance) {
                return instance != 1001 ? Optional.empty() : Optional.of(new DiscoveredDevice("bacnet", 1001, zone.address(), 1476,
                        "no-segmentation", 0, "COOL sim", ZONE, zone.seenAt()));
            }

            @Override
            public List<DiscoveredDevice> discoverNow(Duration wait) {
                discoveries.incrementAndGet();
                return devices();
            }

            /** The zone's objects as a device would answer: the setpoint commanded at the gateway's priority 12. */
            @Override
            public ObjectReading readObject(int instance, String type, int number) {
                if (instance != 1001) {
                    return ObjectReading.failed(ObjectReading.Outcome.UNKNOWN_DEVICE, "device " + instance + " is not in the directory");
                }
                Optional<DiscoveredObject> o = ZONE.stream().filter(x -> x.type().equals(type) && x.instance() == number).findFirst();
                if (o.isEmpty()) {
                    return ObjectReading.failed(ObjectReading.Outcome.UNKNOWN_OBJECT, "device 1001 has no " + type + ":" + number);
                }
                boolean setpoint = type.equals("analog-value");
                double pv = setpoint ? device.get(FakeGateway.ZONE_SETPOINT) : 25.5;
                List<OptionalDouble> slots = new java.util.ArrayList<>();
                for (int i = 1; i <= 16 && setpoint; i++) {
                    slots.add(i == 12 ? OptionalDouble.of(pv) : OptionalDouble.empty());
                }
                return ObjectReading.read(new ObjectState(1001, type, number, o.get().name(), o.get().units(), OptionalDouble.of(pv),
                        setpoint, slots, setpoint ? OptionalDouble.of(24) : OptionalDouble.empty(), false, List.of(), List.of(),
                        "read-property-multiple", Instant.now()));
            }
        };
        CommandRegistry registry = new CommandRegistry() {
            public List<CommandStatus> commands() {
                return List.copyOf(commands.values());
            }

            public Optional<CommandStatus> command(PointId point) {
                return Optional.ofNullable(commands.get(point));
            }
        };
        tools = CommissioningComponent.standalone(Clock.systemUTC(), "", Duration.ofSeconds(60), List.of(bacnet),
                ProfileLibraryComponent.inDirectory(library), registry, server.gateway.audit);
        server.gateway.commissioning = tools;
        server.gateway.commands = registry;
        device.put(FakeGateway.ZONE_SETPOINT, 24.0);
        cycle = new Thread(this::cycleLoop, "fake-cycle");
        cycle.setDaemon(true);
        cycle.start();
        ChromeOptions o = new ChromeOptions();
        o.setBinary(ConsoleBrowserTest.CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1400");
        o.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(ConsoleBrowserTest.CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), o);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() throws Exception {
        running.set(false);
        if (browser != null) {
            // The page's console output (script errors above all), for whoever reads a failed run's log.
            browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).forEach(l -> System.out.println("browser: " + l));
            browser.quit();
        }
        if (cycle != null) {
            cycle.join(2_000);
        }
        if (modbus != null) {
            ModbusSlaveFactory.close(modbus);
        }
        if (server != null) {
            server.close();
        }
    }

    /** The fake core: each cycle runs the commissioning controller and moves its commands one state on. */
    private void cycleLoop() {
        long n = 0;
        while (running.get()) {
            n++;
            Instant now = Instant.now();
            server.gateway.set(FakeGateway.ZONE_SETPOINT, device.get(FakeGateway.ZONE_SETPOINT), now);
            PointSnapshot snap = server.gateway.publish(now);
            for (Map.Entry<PointId, CommandStatus> e : commands.entrySet()) {
                CommandStatus c = e.getValue();
                CommandState next = c.state() == CommandState.SENT ? CommandState.ACKNOWLEDGED
                        : c.state() == CommandState.ACKNOWLEDGED ? CommandState.VERIFIED : null;
                if (next != null) {
                    commands.put(e.getKey(), status(e.getKey(), next, c.value(), now));
                }
            }
            tools.run(new CycleContext() {
                public long cycle() {
                    return 1;
                }

                public Instant now() {
                    return now;
                }

                public Duration period() {
                    return Duration.ofMillis(100);
                }

                public PointSnapshot snapshot() {
                    return snap;
                }

                // States are stamped when they happen (not at the cycle's start): a run started mid-cycle sees its SENT.
                public void request(PointId point, double value) {
                    CommandStatus c = commands.get(point);
                    if (c == null || c.value().isEmpty() || c.value().getAsDouble() != value) {
                        relinquished.putIfAbsent(point, device.get(point));
                        device.put(point, value);
                        commands.put(point, status(point, CommandState.SENT, OptionalDouble.of(value), Instant.now()));
                    }
                }

                // Released, the device goes back to the value it had before the test wrote it (as its priority array does).
                public void release(PointId point) {
                    CommandStatus c = commands.get(point);
                    if (c != null && c.state() != CommandState.RELINQUISHED) {
                        Double before = relinquished.remove(point);
                        if (before != null) {
                            device.put(point, before);
                        }
                        commands.put(point, new CommandStatus(point, CommandState.RELINQUISHED, OptionalDouble.empty(),
                                WritePriority.COMFORT, "commissioning-test", Instant.now(), 1, Optional.empty(), null));
                    }
                }
            });
            CycleReport report = new CycleReport(n, snap, List.of(), Duration.ZERO, Duration.ZERO);
            tools.cycleCompleted(report);
            server.console.cycleCompleted(report);
            try {
                Thread.sleep(100); // the fake cycle's period, not a wait for a condition
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static CommandStatus status(PointId p, CommandState s, OptionalDouble v, Instant at) {
        return new CommandStatus(p, s, v, WritePriority.MANUAL_OVERRIDE, "commissioning-test", at, 1, Optional.empty(), null);
    }

    private WebDriverWait waitUpTo(int seconds) {
        WebDriverWait w = new WebDriverWait(browser, Duration.ofSeconds(seconds));
        w.pollingEvery(Duration.ofMillis(50));
        w.ignoring(StaleElementReferenceException.class);
        return w;
    }

    private void shot(String name) throws Exception {
        File f = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private void signIn(String user) {
        browser.manage().deleteAllCookies();
        browser.get(server.base + "/#commissioning");
        browser.navigate().refresh();
        waitUpTo(10).until(d -> d.findElement(By.id("page-login")).isDisplayed());
        browser.findElement(By.id("login-username")).sendKeys(user);
        browser.findElement(By.id("login-password")).sendKeys(ConsoleServer.PASSWORD);
        browser.findElement(By.id("login-submit")).click();
        waitUpTo(10).until(d -> d.findElement(By.id("who")).getText().startsWith(user + " ("));
    }

    private void set(String id, String value) {
        fill(browser.findElement(By.id(id)), value);
    }

    private static void fill(org.openqa.selenium.WebElement e, String value) {
        e.clear();
        e.sendKeys(value);
    }

    @Test
    void scanProbeBrowseDraftTestAndReportAsAnInstallerWhileAViewerSeesNone() throws Exception {
        // A viewer: no commissioning in the navigation, and the API refuses the actions.
        signIn("viewer");
        assertThat(browser.findElement(By.id("nav-commissioning")).isDisplayed()).isFalse();
        // Its address typed in by hand opens the overview instead (the page declares the installer role).
        waitUpTo(10).until(d -> "overview".equals(d.findElement(By.tagName("body")).getAttribute("data-page")));
        assertThat(browser.findElement(By.id("page-commissioning")).isDisplayed()).isFalse();
        ConsoleServer.Client viewer = server.new Client();
        viewer.csrf = null;
        HttpResponse<String> login = viewer.send("POST", "/api/login", "{\"username\":\"viewer\",\"password\":\"" + ConsoleServer.PASSWORD + "\"}", false);
        viewer.csrf = new ObjectMapper().readTree(login.body()).path("csrf").asText();
        assertThat(viewer.send("POST", "/api/commissioning/scan/bacnet", "{}", true).statusCode()).isEqualTo(403);
        assertThat(viewer.get("/api/commissioning/report.pdf").statusCode()).isEqualTo(403);
        assertThat(viewer.send("POST", "/api/commissioning/scan/bacnet", "{\"discover\":true}", true).statusCode()).isEqualTo(403);
        assertThat(viewer.get("/api/commissioning/bacnet/1001/objects/analog-value/3").statusCode()).isEqualTo(403);
        assertThat(discoveries.get()).isZero();
        shot("c01-viewer-no-commissioning");

        // An installer scans BACnet and finds the zone controller with its objects.
        signIn("installer");
        assertThat(browser.findElement(By.id("nav-commissioning")).isDisplayed()).isTrue();
        waitUpTo(10).until(d -> "commissioning".equals(d.findElement(By.tagName("body")).getAttribute("data-page")));
        browser.findElement(By.id("scan-bacnet")).click();
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("#bacnet-table tr.bacnet-device")).size() == 1);
        assertThat(browser.findElement(By.id("bacnet-table")).getText()).contains("1001", "analog-value:3 cooling-setpoint");
        shot("c02-bacnet-scan");

        // Discover now: a Who-Is round on request, then the directory.
        browser.findElement(By.id("discover-bacnet")).click();
        waitUpTo(20).until(d -> d.findElement(By.id("scan-status")).getText().contains("after a Who-Is"));
        assertThat(discoveries.get()).isEqualTo(1);

        // Browse the setpoint object: present value, units and the priority array with the gateway's slot 12 in use.
        browser.findElement(By.cssSelector("#bacnet-table button.browse-object[data-object='analog-value:3']")).click();
        waitUpTo(10).until(d -> "24".equals(d.findElement(By.id("object-pv")).getAttribute("data-value")));
        assertThat(browser.findElement(By.id("object-title")).getText()).contains("1001", "analog-value:3", "cooling-setpoint");
        assertThat(browser.findElement(By.id("object-units")).getText()).isEqualTo("degrees-celsius");
        assertThat(browser.findElements(By.cssSelector("#priority-array td.slot"))).hasSize(16);
        assertThat(browser.findElements(By.cssSelector("#priority-array td.set"))).singleElement()
                .satisfies(td -> assertThat(td.getAttribute("data-slot")).isEqualTo("12"));
        assertThat(browser.findElement(By.cssSelector("#priority-array td[data-slot='12']")).getAttribute("class")).contains("gateway", "active");
        assertThat(browser.findElement(By.id("object-priority-note")).getText()).contains("Priority 12 commands it (the gateway)");
        assertThat(browser.findElement(By.id("object-default")).getText()).isEqualTo("24");
        shot("c02b-object-browse");
        device.put(FakeGateway.ZONE_SETPOINT, 25.0);
        browser.findElement(By.id("object-refresh")).click();
        waitUpTo(10).until(d -> "25".equals(d.findElement(By.id("object-pv")).getAttribute("data-value")));
        assertThat(browser.findElement(By.cssSelector("#priority-array td[data-slot='12']")).getText()).isEqualTo("25");
        device.put(FakeGateway.ZONE_SETPOINT, 24.0);
        browser.findElement(By.cssSelector("#bacnet-table button.browse-object[data-object='analog-input:1']")).click();
        waitUpTo(10).until(d -> d.findElement(By.id("object-priority-note")).getText().contains("not commandable"));
        assertThat(browser.findElements(By.cssSelector("#priority-array td.slot"))).isEmpty();

        // A probe outside loopback and the site networks is refused with the rule; the loopback unit is found.
        set("probe-first", "10.1.2.3");
        set("probe-last", "10.1.2.3");
        browser.findElement(By.id("probe-modbus")).click();
        waitUpTo(10).until(d -> d.findElement(By.id("probe-error")).getText().contains("site-network"));
        set("probe-first", "127.0.0.1");
        set("probe-last", "127.0.0.1");
        set("probe-port", String.valueOf(modbusPort));
        set("probe-u0", "1");
        set("probe-u1", "2");
        browser.findElement(By.id("probe-modbus")).click();
        waitUpTo(20).until(d -> d.findElements(By.cssSelector("#modbus-table tr.modbus-unit")).size() == 1);
        assertThat(browser.findElement(By.id("modbus-table")).getText()).contains("at 40000, models 1");
        shot("c03-modbus-probe");
        // Its SunSpec header names only the common model (1): nothing to suggest, and the page says how to go on.
        browser.findElement(By.cssSelector("#modbus-table button.sunspec-draft")).click();
        waitUpTo(10).until(d -> d.findElement(By.id("draft-error")).getText().contains("No registers suggested for SunSpec models 1"));
        assertThat(browser.findElements(By.cssSelector("#draft-table tr.draft-point"))).isEmpty();

        // Browse: the unit's registers decoded; 0x4148 0x0000 reads 12.5 as a big-endian float32.
        set("reg-port", String.valueOf(modbusPort));
        set("reg-unit", "1");
        set("reg-start", "40004");
        set("reg-count", "4");
        browser.findElement(By.id("reg-read")).click();
        waitUpTo(10).until(d -> d.findElements(By.cssSelector(FLOAT_AT_40004)).stream().anyMatch(b -> b.getText().equals("12.5")));
        shot("c04-registers");

        // Draft a profile for the zone controller from the suggestions; saved through the shipped validator.
        browser.findElement(By.cssSelector("#bacnet-table button.draft-from")).click();
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("#draft-table tr.draft-point")).size() == 5);
        set("draft-id", "site-zone-controller");
        browser.findElement(By.id("draft-save")).click();
        waitUpTo(10).until(d -> d.findElement(By.id("draft-result")).getText().contains("saved to the profile library"));
        JsonNode drafted = new ObjectMapper().readTree(Files.readString(dir.resolve("profiles/site-zone-controller.json")));
        JsonNode shipped = new ObjectMapper().readTree(Path.of("../../modbus-bacnet-profiles/bacnet-zone-controller.json").toFile());
        assertThat(pointsAndRoles(drafted)).isEqualTo(pointsAndRoles(shipped));
        shot("c05-draft-saved");

        // Modbus mapping: a decoded register becomes a draft point; the validator's refusal appears beside its field.
        browser.findElement(By.id("draft-clear")).click();
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("#draft-table tr.draft-point")).isEmpty());
        browser.findElement(By.id("reg-read")).click();
        waitUpTo(10).until(d -> d.findElements(By.cssSelector(FLOAT_AT_40004)).stream().anyMatch(b -> b.getText().equals("12.5")));
        browser.findElement(By.cssSelector(FLOAT_AT_40004)).click();
        assertThat(browser.findElement(By.id("map-preview")).getText()).contains("reads 12.5");
        set("map-scale", "0.5");
        assertThat(browser.findElement(By.id("map-preview")).getText()).contains("reads 12.5 × 0.5 = 6.25");
        set("map-name", "battery-power");
        set("map-role", "Battery_Power_Sensor");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("map-unit"))).selectByValue("kilowatt");
        set("map-min", "-100");
        set("map-max", "100");
        browser.findElement(By.id("map-writable")).click();
        browser.findElement(By.id("map-add")).click();
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("#draft-table tr.draft-point.modbus")).size() == 1);
        assertThat(browser.findElement(By.cssSelector("#draft-table .draft-address")).getAttribute("value")).isEqualTo("holding:40004:float32");
        set("draft-id", "site-battery");
        fill(browser.findElement(By.cssSelector("#draft-table .draft-safeValue")), "500");
        browser.findElement(By.id("draft-validate")).click();
        waitUpTo(10).until(d -> d.findElement(By.id("draft-result")).getText().startsWith("Refused"));
        assertThat(browser.findElement(By.cssSelector("#draft-table .draft-safeValue")).getAttribute("class")).contains("invalid");
        assertThat(browser.findElement(By.cssSelector("#draft-table .draft-safeValue + .field-error")).getText()).contains("within min..max");
        shot("c05b-modbus-draft-refused");
        fill(browser.findElement(By.cssSelector("#draft-table .draft-safeValue")), "0");
        browser.findElement(By.id("draft-save")).click();
        waitUpTo(10).until(d -> d.findElement(By.id("draft-result")).getText().contains("saved to the profile library as site-battery.json"));
        assertThat(browser.findElements(By.cssSelector("#draft-table .field-error"))).isEmpty();
        JsonNode modbusDraft = new ObjectMapper().readTree(Files.readString(dir.resolve("profiles/site-battery.json")));
        assertThat(modbusDraft.path("protocol").asText()).isEqualTo("modbus");
        JsonNode mp = modbusDraft.path("points").get(0);
        assertThat(mp.path("name").asText()).isEqualTo("battery-power");
        assertThat(mp.path("role").asText()).isEqualTo("Battery_Power_Sensor");
        assertThat(mp.path("writable").asBoolean()).isTrue();
        assertThat(mp.path("modbus").path("table").asText()).isEqualTo("holding");
        assertThat(mp.path("modbus").path("address").asInt()).isEqualTo(40004);
        assertThat(mp.path("modbus").path("type").asText()).isEqualTo("float32");
        assertThat(mp.path("modbus").path("scale").asDouble()).isEqualTo(0.5);
        shot("c05c-modbus-draft-saved");

        // Test zone-1: every point read, the setpoint written, verified and relinquished.
        waitUpTo(10).until(d -> !d.findElements(By.cssSelector("#test-device option[value='zone-1']")).isEmpty());
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("test-device"))).selectByValue("zone-1");
        browser.findElement(By.id("test-run")).click();
        waitUpTo(10).until(d -> d.findElement(By.id("test-error")).getText().contains("confirm"));
        browser.findElement(By.id("test-confirm")).click();
        browser.findElement(By.id("test-run")).click();
        waitUpTo(60).until(d -> "true".equals(d.findElement(By.id("test-status")).getAttribute("data-finished")));
        String results = browser.findElement(By.id("test-table")).getText();
        assertThat(results).contains("zone-1/cooling-setpoint", "SENT → ACKNOWLEDGED → VERIFIED → RELINQUISHED", "verified, relinquished");
        assertThat(results).contains("zone-1/temperature").contains("read");
        // Relinquished: the device reads its value from before the test again (live stream), not the test value 27.
        waitUpTo(10).until(d -> d.findElement(By.cssSelector("#test-table tr[data-point='zone-1/cooling-setpoint'] td.answer")).getText().startsWith("24.0"));
        assertThat(browser.findElement(By.cssSelector("#test-table tr[data-point='zone-1/cooling-setpoint'] td.lifecycle .times")).getText())
                .matches("(\\S.*· ){3}\\S.*");
        assertThat(server.gateway.audit.since(Instant.EPOCH, 1000)).anyMatch(e -> e.message().contains("point test") && e.message().contains("installer"));
        shot("c06-point-test");

        // The report: printable HTML, and the PDF downloaded with the installer's session, first page to PNG.
        set("report-site", "Demo building");
        String pdfUrl = browser.findElement(By.id("report-pdf")).getAttribute("href");
        Cookie session = browser.manage().getCookieNamed(org.thermalcommons.edge.console.http.ApiServlet.SESSION_COOKIE);
        HttpResponse<byte[]> pdf = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create(pdfUrl))
                .header("Cookie", session.getName() + "=" + session.getValue()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(new String(pdf.body(), 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        Path pdfFile = SHOTS.resolve("c07-report.pdf");
        Files.write(pdfFile, pdf.body());
        Path pdftoppm = Path.of("/usr/bin/pdftoppm");
        if (Files.isExecutable(pdftoppm) || "true".equals(System.getenv("CI"))) {
            Process p = new ProcessBuilder(pdftoppm.toString(), "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                    pdfFile.toString(), SHOTS.resolve("c07-report-page1").toString()).redirectErrorStream(true).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            assertThat(SHOTS.resolve("c07-report-page1.png")).exists();
        }
        browser.get(browser.findElement(By.id("report-html")).getAttribute("href"));
        waitUpTo(10).until(d -> d.getPageSource().contains("Commissioning report: Demo building"));
        assertThat(browser.getPageSource()).contains("site-zone-controller", "verified, relinquished", "installer (installer)");
        shot("c08-report-html");
    }

    private static Map<String, String> pointsAndRoles(JsonNode profile) {
        Map<String, String> m = new TreeMap<>();
        profile.path("points").forEach(p -> m.put(p.path("name").asText(), p.path("role").asText()));
        return m;
    }
}
