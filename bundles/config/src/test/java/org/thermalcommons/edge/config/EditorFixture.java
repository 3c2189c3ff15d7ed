package org.thermalcommons.edge.config;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thermalcommons.edge.api.config.AttributeInfo;
import org.thermalcommons.edge.api.config.AttributeType;
import org.thermalcommons.edge.api.config.ConfigurableType;
import org.thermalcommons.edge.api.store.AuditEvent;

/** An editor over a temporary etc/ with the real loader (Config Admin as a map) and two schemas. */
final class EditorFixture {
    static final String DEVICE = TestConfig.DEVICE;

    final TestConfig.Schemas schemas = new TestConfig.Schemas().with(TestConfig.cycleSchema()).with(deviceSchema());
    final TestConfig.Target target = new TestConfig.Target();
    final ConfigDirectory loader;
    final List<AuditEvent> audit = Collections.synchronizedList(new ArrayList<>());
    final ConfigEditor editor;

    EditorFixture(Path etc) {
        loader = new ConfigDirectory(etc, schemas, target, new TestConfig.Audit());
        editor = new ConfigEditor(etc, pid -> pid.startsWith("org.x."), new ConfigEditor.Types() {
            @Override
            public Optional<MetatypeSchemas.Described> describe(String pid, boolean factory) {
                return schemas.find(pid, factory).map(s -> described(s, s.pid().equals(DEVICE)));
            }

            @Override
            public List<ConfigurableType> all() {
                return schemas.byPid.values().stream().map(s -> described(s, s.pid().equals(DEVICE)).type()).toList();
            }
        }, new ConfigEditor.Loader() {
            @Override
            public org.thermalcommons.edge.api.config.ApplyState reload(Path file) {
                return loader.reload(file);
            }

            @Override
            public org.thermalcommons.edge.api.config.ApplyState stateOf(Path file) {
                return loader.stateOf(file);
            }
        }, (name, expected, loaded) -> loaded, audit::add, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), 3);
    }

    /** A device factory like the Modbus driver's: a required host, a port 1..65535 and a secret token. */
    static ConfigSchema deviceSchema() {
        return new ConfigSchema(DEVICE, Map.of(
                "host", new ConfigSchema.Attribute("host", ConfigSchema.Type.STRING, 0, v -> "", true),
                "port", new ConfigSchema.Attribute("port", ConfigSchema.Type.INTEGER, 0, v -> TestConfig.range(v, 1, 65535)),
                ".token", new ConfigSchema.Attribute(".token", ConfigSchema.Type.PASSWORD, 0,
                        v -> v.length() < 8 ? "at least 8 characters" : "")));
    }

    static MetatypeSchemas.Described described(ConfigSchema s, boolean factory) {
        List<AttributeInfo> attrs = s.attributes().values().stream().map(a -> new AttributeInfo(a.id(), a.id(), "",
                AttributeType.valueOf(a.type().name()), a.cardinality(), Optional.empty(), Optional.empty(), List.of(),
                List.of(), a.required(), ConfigDraft.isSecret(a.id(), a.type()))).toList();
        return new MetatypeSchemas.Described(s, new ConfigurableType(s.pid(), factory, s.pid(), "", attrs));
    }
}
