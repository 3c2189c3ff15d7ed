package org.thermalcommons.edge.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.api.driver.DeviceDirectory;
import org.thermalcommons.edge.api.driver.DiscoveredDevice;
import org.thermalcommons.edge.api.driver.ObjectReading;
import org.thermalcommons.edge.api.driver.ObjectState;
import org.thermalcommons.edge.commissioning.CommissioningComponent;

/**
 * The BACnet commissioning routes over HTTP against the production servlets and the real commissioning tools, with a
 * directory standing in for the BACnet driver: discovery on request and its rate rule, the object browser's JSON and
 * its 404 / 504 / 400 answers, and the roles.
 */
class DiscoveryRoutesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T = Instant.parse("2026-12-02T01:00:00Z");

    @TempDir
    Path dir;
    ConsoleServer server;
    ConsoleServer.Client installer;
    final Directory directory = new Directory();

    /** One zone controller that answers discovery; device 1002 is in the directory but silent; one round per 5 s. */
    static final class Directory implements DeviceDirectory {
        final List<DiscoveredDevice> found = new ArrayList<>();
        int rounds;

        public String protocol() {
            return "bacnet";
        }

        public List<DiscoveredDevice> devices() {
            return List.copyOf(found);
        }

        public Optional<DiscoveredDevice> describe(int instance) {
            return found.stream().filter(d -> d.instance() == instance).findFirst();
        }

        @Override
        public synchronized List<DiscoveredDevice> discoverNow(Duration wait) {
            if (rounds > 0) {
                throw new IllegalStateException("rate: at most one Who-Is round every 5 s on request; try again in 4.9 s");
            }
            rounds++;
            found.add(new DiscoveredDevice("bacnet", 1001, "127.0.0.1:47809", 1476, "no-segmentation", 0, "", List.of(), T));
            found.add(new DiscoveredDevice("bacnet", 1002, "127.0.0.1:47810", 1476, "no-segmentation", 0, "", List.of(), T));
            return devices();
        }

        @Override
        public ObjectReading readObject(int device, String type, int instance) {
            if (describe(device).isEmpty()) {
                return ObjectReading.failed(ObjectReading.Outcome.UNKNOWN_DEVICE, "device " + device + " is not in the BACnet directory");
            }
            if (device == 1002) {
                return ObjectReading.failed(ObjectReading.Outcome.NO_ANSWER, "device 1002 at 127.0.0.1:47810 did not answer: ReadPropertyMultiple timed out after 3000 ms");
            }
            if (instance != 3) {
                return ObjectReading.failed(ObjectReading.Outcome.UNKNOWN_OBJECT, "device 1001 has no object " + type + ":" + instance);
            }
            List<OptionalDouble> slots = new ArrayList<>(Collections.nCopies(16, OptionalDouble.empty()));
            slots.set(11, OptionalDouble.of(22.5));
            return ObjectReading.read(new ObjectState(device, type, instance, "cooling-setpoint", "degrees-celsius", OptionalDouble.of(22.5),
                    true, slots, OptionalDouble.of(24), false, List.of("overridden"), List.of(), "read-property-multiple", T));
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = new ConsoleServer(dir);
        server.withUsers();
        server.gateway.commissioning = CommissioningComponent.standalone(Clock.systemUTC(), "", Duration.ofSeconds(60),
                List.of(directory), org.thermalcommons.edge.profiles.ProfileLibraryComponent.inDirectory(dir.resolve("profiles")), null,
                server.gateway.audit);
        installer = server.client();
        assertThat(installer.login("installer", ConsoleServer.PASSWORD).statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void aScanWithDiscoverSendsOneRoundAndASecondWithin5SecondsIsRefusedWith429NamingTheRule() throws Exception {
        HttpResponse<String> plain = installer.send("POST", "/api/commissioning/scan/bacnet", "{}");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(plain.body())).isEmpty();
        assertThat(directory.rounds).isZero();

        HttpResponse<String> found = installer.send("POST", "/api/commissioning/scan/bacnet", "{\"discover\":true}");
        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        assertThat(JSON.readTree(found.body()).findValuesAsText("instance")).containsExactly("1001", "1002");
        assertThat(directory.rounds).isEqualTo(1);

        HttpResponse<String> again = installer.send("POST", "/api/commissioning/scan/bacnet", "{\"discover\":true}");
        assertThat(again.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(again.body()).path("fields").path("discover").asText())
                .startsWith("rate: at most one Who-Is round every 5 s on request");
        assertThat(directory.rounds).isEqualTo(1);

        HttpResponse<String> bad = installer.send("POST", "/api/commissioning/scan/bacnet", "{\"discover\":\"yes\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(installer.send("POST", "/api/commissioning/scan/bacnet", "{\"rediscover\":true}").statusCode()).isEqualTo(400);
    }

    @Test
    void theObjectBrowserAnswersTheLiveStateWithSixteenPrioritySlots() throws Exception {
        installer.send("POST", "/api/commissioning/scan/bacnet", "{\"discover\":true}");

        HttpResponse<String> r = installer.get("/api/commissioning/bacnet/1001/objects/analog-value/3");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode o = JSON.readTree(r.body());
        assertThat(o.path("device").asInt()).isEqualTo(1001);
        assertThat(o.path("type").asText()).isEqualTo("analog-value");
        assertThat(o.path("number").asInt()).isEqualTo(3);
        assertThat(o.path("name").asText()).isEqualTo("cooling-setpoint");
        assertThat(o.path("units").asText()).isEqualTo("degrees-celsius");
        assertThat(o.path("presentValue").asDouble()).isEqualTo(22.5);
        assertThat(o.path("priorityArray")).hasSize(16);
        for (int p = 1; p <= 16; p++) {
            JsonNode slot = o.path("priorityArray").get(p - 1);
            assertThat(p == 12 ? slot.asDouble() : slot.isNull()).as("slot " + p).isEqualTo(p == 12 ? (Object) 22.5 : (Object) true);
        }
        assertThat(o.path("relinquishDefault").asDouble()).isEqualTo(24.0);
        assertThat(o.path("outOfService").asBoolean()).isFalse();
        assertThat(o.path("statusFlags").get(0).asText()).isEqualTo("overridden");
        assertThat(o.path("commandable").asBoolean()).isTrue();
    }

    @Test
    void anUnknownDeviceOrObjectIs404ASilentDevice504AndABadPath400() throws Exception {
        assertThat(installer.get("/api/commissioning/bacnet/1001/objects/analog-value/3").statusCode()).as("not discovered yet").isEqualTo(404);
        installer.send("POST", "/api/commissioning/scan/bacnet", "{\"discover\":true}");
        HttpResponse<String> none = installer.get("/api/commissioning/bacnet/1001/objects/analog-value/99");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).contains("no object analog-value:99");
        HttpResponse<String> silent = installer.get("/api/commissioning/bacnet/1002/objects/analog-value/3");
        assertThat(silent.statusCode()).isEqualTo(504);
        assertThat(silent.body()).contains("did not answer");
        assertThat(installer.get("/api/commissioning/bacnet/x/objects/analog-value/3").statusCode()).isEqualTo(400);
        assertThat(installer.get("/api/commissioning/bacnet/1001/objects/analog-value/-1").statusCode()).isEqualTo(400);
        assertThat(installer.get("/api/commissioning/bacnet/1001/objects/Analog_Value/3").statusCode()).isEqualTo(400);
        assertThat(installer.get("/api/commissioning/bacnet/4194303/objects/analog-value/3").statusCode()).isEqualTo(400);
    }

    @Test
    void aViewerMayNeitherDiscoverNorBrowse() throws Exception {
        ConsoleServer.Client viewer = server.client();
        assertThat(viewer.login("viewer", ConsoleServer.PASSWORD).statusCode()).isEqualTo(200);
        assertThat(viewer.send("POST", "/api/commissioning/scan/bacnet", "{\"discover\":true}").statusCode()).isEqualTo(403);
        assertThat(viewer.get("/api/commissioning/bacnet/1001/objects/analog-value/3").statusCode()).isEqualTo(403);
        assertThat(directory.rounds).isZero();
    }

    @Test
    void aModbusDraftPointCarriesScaleOffsetAndWordOrderIntoTheValidatedProfile() throws Exception {
        HttpResponse<String> r = installer.send("POST", "/api/commissioning/draft", "{\"id\":\"site-meter\",\"protocol\":\"modbus\","
                + "\"vendor\":\"v\",\"model\":\"m\",\"description\":\"d\",\"save\":false,\"points\":[{\"name\":\"power\","
                + "\"role\":\"Electric_Power_Sensor\",\"unit\":\"kilowatt\",\"min\":-500,\"max\":500,\"writable\":false,"
                + "\"address\":\"holding:40084:int32:CDAB\",\"scale\":0.001,\"offset\":-2}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode d = JSON.readTree(r.body());
        assertThat(d.path("valid").asBoolean()).as(d.path("errors").toString()).isTrue();
        JsonNode m = JSON.readTree(d.path("json").asText()).path("points").get(0).path("modbus");
        assertThat(m.path("address").asInt()).isEqualTo(40084);
        assertThat(m.path("type").asText()).isEqualTo("int32");
        assertThat(m.path("wordOrder").asText()).isEqualTo("little");
        assertThat(m.path("scale").asDouble()).isEqualTo(0.001);
        assertThat(m.path("offset").asDouble()).isEqualTo(-2);

        HttpResponse<String> bad = installer.send("POST", "/api/commissioning/draft", "{\"id\":\"site-meter\",\"protocol\":\"modbus\","
                + "\"vendor\":\"v\",\"model\":\"m\",\"description\":\"d\",\"save\":false,\"points\":[{\"name\":\"power\","
                + "\"role\":\"Electric_Power_Sensor\",\"unit\":\"kilowatt\",\"min\":-500,\"max\":500,\"writable\":false,"
                + "\"address\":\"holding:40084:int32\",\"scale\":0}]}");
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(bad.body()).path("errors").path("points[0].scale").asText()).isEqualTo("must be a finite number other than 0");
    }

    @Test
    void aModbusSuggestionForAnOffSiteHostOrABadQueryIsRefusedByField() throws Exception {
        HttpResponse<String> off = installer.get("/api/commissioning/suggest/modbus?host=10.1.2.3&port=502&unit=1");
        assertThat(off.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(off.body()).path("fields").path("firstHost").asText()).startsWith("site-network: 10.1.2.3");
        HttpResponse<String> bad = installer.get("/api/commissioning/suggest/modbus?host=x&port=0");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).path("fields").fieldNames()).toIterable().containsExactlyInAnyOrder("host", "port", "unit");
    }
}
