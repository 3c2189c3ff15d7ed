package org.thermalcommons.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSchemaTest {
    private final ConfigSchema schema = new ConfigSchema("org.x.Cycle", Map.of(
            "periodMs", new ConfigSchema.Attribute("periodMs", ConfigSchema.Type.INTEGER, 0,
                    v -> Integer.parseInt(v) < 10 ? "Value is less than the minimum 10" : ""),
            "enabled", new ConfigSchema.Attribute("enabled", ConfigSchema.Type.BOOLEAN, 0, v -> ""),
            "prices", new ConfigSchema.Attribute("prices", ConfigSchema.Type.DOUBLE, 24, v -> "")));

    @Test
    void parsesSingletonAndFactoryFileNames() throws Exception {
        ConfigFile single = ConfigFile.parse("org.x.Cycle.cfg", List.of("# comment", "periodMs = 500", "", "enabled: true"));
        assertThat(single.pid()).isEqualTo("org.x.Cycle");
        assertThat(single.factoryName()).isEmpty();
        assertThat(single.entries()).containsEntry("periodMs", "500").containsEntry("enabled", "true");

        ConfigFile factory = ConfigFile.parse("org.x.Device-battery.cfg", List.of("host=127.0.0.1"));
        assertThat(factory.pid()).isEqualTo("org.x.Device");
        assertThat(factory.factoryName()).contains("battery");
    }

    @Test
    void convertsTypedValuesAndArrays() throws Exception {
        Dictionary<String, Object> d = schema.convert(ConfigFile.parse("org.x.Cycle.cfg",
                List.of("periodMs=250", "enabled=false", "prices=0.1, 0.2,0.3", "service.ranking=5")));
        assertThat(d.get("periodMs")).isEqualTo(250);
        assertThat(d.get("enabled")).isEqualTo(false);
        assertThat((double[]) d.get("prices")).containsExactly(0.1, 0.2, 0.3);
        assertThat(d.get("service.ranking")).isEqualTo(5);
    }

    @Test
    void rejectsUnknownKeysBadTypesAndOutOfRangeNamingFileKeyAndRule() {
        assertThatThrownBy(() -> schema.convert(ConfigFile.parse("org.x.Cycle.cfg", List.of("perodMs=500"))))
                .hasMessageContaining("org.x.Cycle.cfg").hasMessageContaining("'perodMs' is unknown")
                .hasMessageContaining("periodMs");
        assertThatThrownBy(() -> schema.convert(ConfigFile.parse("org.x.Cycle.cfg", List.of("periodMs=fast"))))
                .hasMessageContaining("'periodMs'").hasMessageContaining("not a valid integer");
        assertThatThrownBy(() -> schema.convert(ConfigFile.parse("org.x.Cycle.cfg", List.of("periodMs=5"))))
                .hasMessageContaining("'periodMs'").hasMessageContaining("minimum 10");
        assertThatThrownBy(() -> schema.convert(ConfigFile.parse("org.x.Cycle.cfg", List.of("enabled=yes"))))
                .hasMessageContaining("not a valid boolean");
    }

    @Test
    void rejectsMalformedFiles() {
        assertThatThrownBy(() -> ConfigFile.parse("a.cfg", List.of("just some words")))
                .hasMessageContaining("a.cfg line 1").hasMessageContaining("key = value");
        assertThatThrownBy(() -> ConfigFile.parse("a.cfg", List.of("x=1", "x=2")))
                .hasMessageContaining("line 2").hasMessageContaining("set twice");
        assertThatThrownBy(() -> ConfigFile.parse("a-.cfg", List.of()))
                .hasMessageContaining("<factoryPid>-<name>.cfg");
    }
}
