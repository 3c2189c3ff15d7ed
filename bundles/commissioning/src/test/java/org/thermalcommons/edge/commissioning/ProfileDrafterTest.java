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
}
