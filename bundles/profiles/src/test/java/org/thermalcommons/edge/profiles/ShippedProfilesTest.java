package org.thermalcommons.edge.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.profile.DeviceProfile;

/** Every profile shipped in modbus-bacnet-profiles/ passes both the JSON Schema and the runtime validator. */
class ShippedProfilesTest {
    static final Path DIR = Path.of("../../modbus-bacnet-profiles");

    static List<Path> shipped() throws Exception {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void everyShippedProfileMatchesTheSchema() throws Exception {
        // The schema the bundle packages and validates with (the file in modbus-bacnet-profiles/schema).
        ProfileSchema schema = ProfileSchema.load();
        ObjectMapper json = new ObjectMapper();
        assertThat(shipped()).hasSizeGreaterThanOrEqualTo(5);
        for (Path p : shipped()) {
            JsonNode doc = json.readTree(p.toFile());
            assertThat(schema.check(p.getFileName().toString(), doc)).as("schema errors in " + p.getFileName()).isEmpty();
        }
    }

    @Test
    void everyShippedProfilePassesTheRuntimeValidator() throws Exception {
        for (Path p : shipped()) {
            DeviceProfile profile = ProfileParser.parse(p.getFileName().toString(), Files.readString(p));
            assertThat(profile.points()).as(p.getFileName().toString()).isNotEmpty();
        }
    }

    @Test
    void theRequiredDeviceKindsAreShipped() throws Exception {
        assertThat(shipped()).extracting(p -> p.getFileName().toString()).contains("bacnet-zone-controller.json",
                "bacnet-chiller-plant.json", "modbus-heatpump-sgready.json", "modbus-battery-inverter.json", "modbus-meter.json");
    }

    @Test
    void theLoaderLoadsTheShippedDirectory() {
        ProfileLoader loader = new ProfileLoader();
        loader.start(DIR, 0);
        assertThat(loader.find("modbus-battery-inverter")).isPresent();
        assertThat(loader.all()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(loader.rejectedProfiles()).isZero();
    }
}
