package org.thermalcommons.edge.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.api.store.AuditLog;

/** The hostile profiles of issue 9: each is rejected with file, location and rule, counted, audited; the rest load. */
class HostileProfilesTest {
    @TempDir
    Path dir;
    final List<AuditEvent> audited = Collections.synchronizedList(new ArrayList<>());
    final ProfileLoader loader = new ProfileLoader();

    @BeforeEach
    void shippedProfiles() throws Exception {
        for (Path p : ShippedProfilesTest.shipped()) {
            Files.copy(p, dir.resolve(p.getFileName()));
        }
        loader.audit = new AuditLog() {
            @Override
            public void record(AuditEvent event) {
                audited.add(event);
            }

            @Override
            public List<AuditEvent> since(Instant since, int limit) {
                return List.of();
            }
        };
    }

    void start() throws IOException {
        loader.start(dir, 0);
    }

    String onlyRejection() {
        assertThat(audited).hasSize(1);
        return audited.get(0).message();
    }

    void assertShippedStillLoad() throws Exception {
        assertThat(loader.all()).hasSize(ShippedProfilesTest.shipped().size());
        assertThat(loader.find("modbus-meter")).isPresent();
    }

    @Test
    void aTwentyMegabyteProfileIsRejectedUnreadAndTheOthersLoad() throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("huge.json").toFile(), "rw")) {
            f.setLength(20L * 1024 * 1024);
        }
        start();
        assertShippedStillLoad();
        assertThat(loader.rejections().of("max-size")).isEqualTo(1);
        assertThat(onlyRejection()).isEqualTo("Device profile rejected: huge.json: is 20971520 bytes; a device profile may"
                + " have at most 1048576 bytes (not read) [rule max-size]");
    }

    @Test
    void aKilobyteOfDeepNestingIsRejectedAtItsPointerWithoutAnException() throws Exception {
        String nested = "{\"id\":\"nested\",\"protocol\":\"modbus\",\"vendor\":\"v\",\"model\":\"m\",\"description\":\"d\","
                + "\"points\":" + "[".repeat(500) + "]".repeat(500) + "}";
        assertThat(nested.length()).isBetween(1000, 1200);
        Files.writeString(dir.resolve("nested.json"), nested);
        start();
        assertShippedStillLoad();
        assertThat(loader.rejections().of("json-depth")).isEqualTo(1);
        assertThat(onlyRejection()).startsWith("Device profile rejected: nested.json /points/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0 (line 1,")
                .endsWith("[rule json-depth]");
    }

    @Test
    void aDuplicateKeyIsRejectedWithItsPointer() throws Exception {
        String text = Files.readString(dir.resolve("modbus-meter.json"));
        Files.writeString(dir.resolve("modbus-meter.json"), text.replaceFirst("\"name\": *\"", "\"name\": \"a\", \"name\": \""));
        start();
        assertThat(loader.find("modbus-meter")).isEmpty();
        assertThat(loader.rejections().of("duplicate-key")).isEqualTo(1);
        assertThat(onlyRejection()).startsWith("Device profile rejected: modbus-meter.json /points/0/name (line ")
                .contains("duplicate key 'name'").endsWith("[rule duplicate-key]");
    }

    @Test
    void aSecondFileCannotClaimAShippedProfilesId() throws Exception {
        String meter = Files.readString(dir.resolve("modbus-meter.json"));
        Files.writeString(dir.resolve("my-modbus-meter.json"), meter.replace("\"vendor\": \"", "\"vendor\": \"Impostor "));
        Files.writeString(dir.resolve("zz-meter.json"), meter);
        start();
        assertShippedStillLoad();
        assertThat(loader.find("modbus-meter").orElseThrow().vendor()).doesNotStartWith("Impostor");
        assertThat(loader.rejections().of("id-file-name")).isEqualTo(2);
        assertThat(audited).extracting(AuditEvent::subject).containsExactly("my-modbus-meter.json", "zz-meter.json");
        assertThat(audited.get(0).message()).isEqualTo("Device profile rejected: my-modbus-meter.json /id: profile id"
                + " 'modbus-meter' must be the file name (modbus-meter.json), so no other file can claim it [rule id-file-name]");
    }

    @Test
    void invalidUtf8IsRejectedWithItsByteOffset() throws Exception {
        byte[] bytes = "{\"id\":\"latin\",\"vendor\":\"M\u00fcller\"}".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("latin.json"), bytes);
        start();
        assertShippedStillLoad();
        assertThat(onlyRejection()).isEqualTo("Device profile rejected: latin.json byte 25 (line 1): not valid UTF-8:"
                + " malformed byte sequence 0xFC [rule utf-8]");
    }

    @Test
    void aProfileBrokenLaterKeepsItsLastValidVersionAndIsRejectedOncePerChange() throws Exception {
        start();
        Path meter = dir.resolve("modbus-meter.json");
        Files.writeString(meter, "{\"id\": \"modbus-meter\", \"id\": \"modbus-meter\"}");
        Files.setLastModifiedTime(meter, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        for (int i = 0; i < 5; i++) {
            loader.scan();
        }
        assertThat(loader.find("modbus-meter")).isPresent();
        assertThat(loader.rejectedProfiles()).isEqualTo(1);
        assertThat(onlyRejection()).endsWith("(its last valid version stays in use)");
    }

    @Test
    void rejectionsArePublishedByRule() throws Exception {
        Files.writeString(dir.resolve("empty.json"), "");
        Files.writeString(dir.resolve("schema.json"), "{\"id\":\"schema\"}");
        start();
        Map<String, Double> counters = new HashMap<>();
        loader.collect(new MetricsCollector() {
            @Override
            public void counter(String name, String help, Map<String, String> labels, double value) {
                counters.put(name + labels, value);
            }

            @Override
            public void gauge(String name, String help, Map<String, String> labels, double value) {
                counters.put(name, value);
            }
        });
        assertThat(counters).containsEntry("cool_edge_profiles_rejected_total{rule=json-syntax}", 1.0)
                .containsEntry("cool_edge_profiles_rejected_total{rule=schema-required}", 1.0)
                .containsEntry("cool_edge_profiles_loaded", (double) ShippedProfilesTest.shipped().size());
    }
}
