package org.thermalcommons.edge.commissioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.api.commissioning.DraftPoint;
import org.thermalcommons.edge.api.commissioning.DraftRequest;
import org.thermalcommons.edge.api.driver.DiscoveredObject;
import org.thermalcommons.edge.profiles.ProfileLibraryComponent;

class ProfileDrafterTest {
    /** The objects the simulated building's zone controllers serve (sim WireServers), as the BACnet driver reads them. */
    static final List<DiscoveredObject> SIM_ZONE = List.of(
            new DiscoveredObject("device", 1001, "zone-1", ""),
            new DiscoveredObject("analog-input", 1, "temp", "degrees-celsius"),
            new DiscoveredObject("analog-input", 2, "humidity", "percent-relative-humidity"),
            new DiscoveredObject("analog-value", 3, "cooling-setpoint", "degrees-celsius"),
            new DiscoveredObject("binary-input", 4, "occupancy", ""),
            new DiscoveredObject("analog-input", 5, "cooling-power", "kilowatts"));

    @TempDir
    Path dir;

    private static Map<String, String> rolesByName(JsonNode profile) {
        Map<String, String> m = new TreeMap<>();
        profile.path("points").forEach(p -> m.put(p.path("name").asText(), p.path("role").asText()));
        return m;
    }

    @Test
    void suggestsTheShippedZoneControllerRolesForTheSimulatedZone() throws Exception {
        List<DraftPoint> points = RoleSuggester.suggest(SIM_ZONE);
        JsonNode shipped = new ObjectMapper().readTree(Path.of("../../modbus-bacnet-profiles/bacnet-zone-controller.json").toFile());
        Map<String, String> got = new TreeMap<>();
        points.forEach(p -> got.put(p.name(), p.role()));
        assertThat(got).isEqualTo(rolesByName(shipped));
        DraftPoint sp = points.stream().filter(p -> p.name().equals("cooling-setpoint")).findFirst().orElseThrow();
        assertThat(sp.writable()).isTrue();
        assertThat(sp.address()).isEqualTo("analog-value:3");
        assertThat(points.stream().filter(p -> !p.name().equals("cooling-setpoint"))).noneMatch(DraftPoint::writable);
    }

    @Test
    void theDraftOfTheSuggestionsIsAcceptedByTheShippedValidatorAndSaved() throws Exception {
        ProfileLibraryComponent lib = ProfileLibraryComponent.inDirectory(dir);
        DraftRequest r = new DraftRequest("site-zone-controller", "bacnet", "generic", "zone", "Drafted on site",
                RoleSuggester.suggest(SIM_ZONE));
        assertThat(ProfileDrafter.check(r)).isEmpty();
        String json = ProfileDrafter.json(r);
        assertThat(lib.validate("site-zone-controller.json", json)).isEmpty();
        assertThat(lib.save("site-zone-controller.json", json)).isEmpty();
        assertThat(Files.readString(dir.resolve("site-zone-controller.json"))).isEqualTo(json);
        assertThat(lib.save("site-zone-controller.json", json)).containsKey("id"); // never over an existing profile
    }

    @Test
    void anInvalidDraftIsRefusedWithTheValidatorsRuleAndNothingIsWritten() throws Exception {
        ProfileLibraryComponent lib = ProfileLibraryComponent.inDirectory(dir);
        List<DraftPoint> points = new ArrayList<>(RoleSuggester.suggest(SIM_ZONE));
        DraftPoint sp = points.get(2);
        // Priority 5 needs allowLifeSafetyPriority: a rule only the profiles bundle's parser knows.
        points.set(2, new DraftPoint(sp.name(), sp.role(), sp.unit(), sp.min(), sp.max(), true, sp.tolerance(), sp.deadband(),
                sp.minIntervalSeconds(), OptionalInt.of(5), sp.safeValue(), sp.address()));
        DraftRequest r = new DraftRequest("bad-zone", "bacnet", "generic", "zone", "x", points);
        assertThat(ProfileDrafter.check(r)).isEmpty();
        Map<String, String> verdict = lib.save("bad-zone.json", ProfileDrafter.json(r));
        assertThat(verdict.values()).anyMatch(m -> m.contains("writePriority") && m.contains("allowLifeSafetyPriority"));
        assertThat(dir.resolve("bad-zone.json")).doesNotExist();
    }

    @Test
    void theRequestItselfIsCheckedFieldByField() {
        DraftPoint bad = new DraftPoint("a b", "9role", "celsius", 5, 1, false, OptionalDouble.of(0.1), OptionalDouble.empty(),
                OptionalInt.empty(), OptionalInt.empty(), OptionalDouble.empty(), "analog-input");
        DraftRequest r = new DraftRequest("Bad Id", "lonworks", "", "m", "d", List.of(bad));
        Map<String, String> e = ProfileDrafter.check(r);
        assertThat(e).containsKeys("id", "protocol", "vendor", "points[0].name", "points[0].role", "points[0].max",
                "points[0].address", "points[0].writable");
    }

    private static DraftPoint modbus(String name, String role, String unit, double min, double max, boolean writable, String address,
                                     OptionalDouble scale, OptionalDouble offset, OptionalInt sf) {
        return new DraftPoint(name, role, unit, min, max, writable, writable ? OptionalDouble.of(1) : OptionalDouble.empty(),
                writable ? OptionalDouble.of(0.5) : OptionalDouble.empty(), OptionalInt.empty(), OptionalInt.empty(),
                writable ? OptionalDouble.of(0) : OptionalDouble.empty(), address, scale, offset, sf);
    }

    @Test
    void aModbusDraftWithScalesAndAScaleFactorRegisterMapsLikeTheShippedBatteryInverterAndPassesTheValidator() throws Exception {
        List<DraftPoint> points = List.of(
                modbus("soc", "Battery_SOC", "percent", 0, 100, false, "holding:100:uint16", OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.of(101)),
                modbus("power", "Battery_Power_Sensor", "kilowatt", -1000, 1000, false, "holding:102:int32", OptionalDouble.of(0.001), OptionalDouble.empty(), OptionalInt.empty()),
                modbus("power-setpoint", "Battery_Power_Setpoint", "kilowatt", -100, 100, true, "holding:104:int32:ABCD", OptionalDouble.of(0.001), OptionalDouble.empty(), OptionalInt.empty()),
                modbus("max-charge-kw", "Battery_Max_Charge_Power_Parameter", "kilowatt", 0, 1000, false, "holding:106:uint16", OptionalDouble.of(0.1), OptionalDouble.empty(), OptionalInt.empty()),
                modbus("max-discharge-kw", "Battery_Max_Discharge_Power_Parameter", "kilowatt", 0, 1000, false, "holding:107:uint16", OptionalDouble.of(0.1), OptionalDouble.empty(), OptionalInt.empty()),
                modbus("alarms", "Alarm", "state", 0, 65535, false, "holding:110:uint16", OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty()),
                modbus("cabinet-temp", "Battery_Temperature_Sensor", "celsius", -40, 100, false, "input:120:float32:CDAB", OptionalDouble.empty(), OptionalDouble.of(-40), OptionalInt.empty()));
        DraftRequest r = new DraftRequest("site-battery", "modbus", "generic", "inverter", "Drafted on site", points);
        assertThat(ProfileDrafter.check(r)).isEmpty();
        String json = ProfileDrafter.json(r);
        assertThat(ProfileLibraryComponent.inDirectory(dir).validate("site-battery.json", json)).isEmpty();

        JsonNode drafted = new ObjectMapper().readTree(json);
        JsonNode shipped = new ObjectMapper().readTree(Path.of("../../modbus-bacnet-profiles/modbus-battery-inverter.json").toFile());
        for (JsonNode s : shipped.path("points")) {
            JsonNode d = null;
            for (JsonNode x : drafted.path("points")) {
                if (x.path("name").asText().equals(s.path("name").asText())) {
                    d = x;
                }
            }
            assertThat(d).as(s.path("name").asText()).isNotNull();
            JsonNode dm = d.path("modbus").deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) dm).remove("wordOrder");
            assertThat(dm).as(s.path("name").asText()).isEqualTo(s.path("modbus"));
            assertThat(d.path("role")).isEqualTo(s.path("role"));
        }
        JsonNode cabinet = drafted.path("points").get(6).path("modbus");
        assertThat(cabinet.path("wordOrder").asText()).as("CDAB as the schema names it").isEqualTo("little");
        assertThat(cabinet.path("offset").asDouble()).isEqualTo(-40);
        assertThat(drafted.path("points").get(2).path("modbus").path("wordOrder").asText()).isEqualTo("big");
    }

    @Test
    void modbusAddressesBreakingATypeTableOrRangeRuleAreRefusedByField() {
        List<DraftPoint> points = List.of(
                modbus("a", "Point", "none", 0, 1, false, "holding:1:int24", OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty()),
                modbus("b", "Point", "none", 0, 1, false, "holding:2:bool", OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty()),
                modbus("c", "Point", "none", 0, 1, false, "coil:3:uint16", OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty()),
                modbus("d", "Point", "none", 0, 1, false, "holding:65535:float32", OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty()),
                modbus("e", "Point", "none", 0, 1, true, "input:5:uint16", OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty()),
                modbus("f", "Point", "none", 0, 1, false, "holding:6:uint16:middle", OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty()),
                modbus("g", "Point", "none", 0, 1, false, "holding:7:uint16", OptionalDouble.of(0), OptionalDouble.of(Double.NaN), OptionalInt.empty()));
        Map<String, String> e = ProfileDrafter.check(new DraftRequest("rules", "modbus", "v", "m", "d", points));
        assertThat(e).containsEntry("points[0].address", "type must be one of bool, int16, uint16, int32, uint32, float32, int64, uint64, float64")
                .containsEntry("points[1].address", "bool is for coils and discrete inputs; a holding register is int16, uint16, int32, uint32, float32, int64, uint64 or float64")
                .containsEntry("points[2].address", "a coil is a bool")
                .containsEntry("points[3].address", "a float32 at 65535 ends after register 65535")
                .containsEntry("points[4].address", "a writable point must be in holding registers or coils (input is read-only)")
                .containsEntry("points[5].address", "word order must be big, little, big-byte-swap, little-byte-swap (or ABCD, CDAB, BADC, DCBA)")
                .containsEntry("points[6].scale", "must be a finite number other than 0")
                .containsEntry("points[6].offset", "must be a finite number");
        DraftPoint bacnetScaled = new DraftPoint("t", "Point", "none", 0, 1, false, OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalInt.empty(), OptionalInt.empty(), OptionalDouble.empty(), "analog-input:1", OptionalDouble.of(2), OptionalDouble.empty(), OptionalInt.empty());
        assertThat(ProfileDrafter.check(new DraftRequest("b", "bacnet", "v", "m", "d", List.of(bacnetScaled)))).containsKey("points[0].scale");
    }
}
