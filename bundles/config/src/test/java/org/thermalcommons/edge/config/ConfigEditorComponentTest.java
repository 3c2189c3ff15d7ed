package org.thermalcommons.edge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.thermalcommons.edge.api.config.ApplyState;

/** "Applied" means the component's own configuration carries the file's values, as the DS runtime reports it. */
class ConfigEditorComponentTest {
    static final ApplyState LOADED = new ApplyState(ApplyState.Stage.LOADED, "the loader applied it");

    static ComponentDescriptionDTO description(String name, String pid) {
        ComponentDescriptionDTO d = new ComponentDescriptionDTO();
        d.name = name;
        d.configurationPid = new String[] {pid};
        return d;
    }

    static ComponentConfigurationDTO configuration(String servicePid, int state, Map<String, Object> props) {
        ComponentConfigurationDTO c = new ComponentConfigurationDTO();
        c.state = state;
        c.properties = new java.util.HashMap<>(props);
        c.properties.put("service.pid", servicePid);
        return c;
    }

    static Dictionary<String, Object> expected(Object period, Object list) {
        Hashtable<String, Object> h = new Hashtable<>();
        h.put("periodMs", period);
        h.put("prices", list);
        return h;
    }

    @Test
    void appliedOnlyWhenAnActiveComponentCarriesEveryValueOfTheFile() {
        ConfigFile.Name cycle = new ConfigFile.Name("org.x.Cycle", Optional.empty());
        ComponentDescriptionDTO d = description("Cycle", "org.x.Cycle");
        ComponentConfigurationDTO active = configuration("org.x.Cycle", ComponentConfigurationDTO.ACTIVE,
                Map.of("periodMs", 500, "prices", new double[] {1, 2}));

        assertThat(ConfigEditorComponent.check(cycle, expected(500, new double[] {1, 2}), LOADED, List.of(d), x -> List.of(active)))
                .isEqualTo(new ApplyState(ApplyState.Stage.APPLIED, "component Cycle runs with these values"));
        ApplyState old = ConfigEditorComponent.check(cycle, expected(700, new double[] {1, 2}), LOADED, List.of(d), x -> List.of(active));
        assertThat(old.stage()).isEqualTo(ApplyState.Stage.LOADED);
        assertThat(old.detail()).contains("component Cycle has not received it yet");
        ComponentConfigurationDTO waiting = configuration("org.x.Cycle", ComponentConfigurationDTO.UNSATISFIED_REFERENCE,
                Map.of("periodMs", 500, "prices", new double[] {1, 2}));
        assertThat(ConfigEditorComponent.check(cycle, expected(500, new double[] {1, 2}), LOADED, List.of(d), x -> List.of(waiting))
                .detail()).contains("is not satisfied yet");
        assertThat(ConfigEditorComponent.check(cycle, expected(500, new double[] {1, 2}), LOADED, List.of(), x -> List.of()))
                .as("no component declares it: the loader's state stands").isEqualTo(LOADED);
    }

    @Test
    void aFactoryInstanceIsFoundByItsFactoryPidAndName() {
        ConfigFile.Name pump = new ConfigFile.Name("org.x.Device", Optional.of("pump"));
        ComponentDescriptionDTO d = description("Device", "org.x.Device");
        Dictionary<String, Object> want = new Hashtable<>(Map.of("host", "h"));
        List<ComponentConfigurationDTO> instances = List.of(
                configuration("org.x.Device~other", ComponentConfigurationDTO.ACTIVE, Map.of("host", "h")),
                configuration("org.x.Device~pump", ComponentConfigurationDTO.SATISFIED, Map.of("host", "h")));
        assertThat(ConfigEditorComponent.check(pump, want, LOADED, List.of(d), x -> instances).stage()).isEqualTo(ApplyState.Stage.APPLIED);
        assertThat(ConfigEditorComponent.check(pump, want, LOADED, List.of(d), x -> instances.subList(0, 1)).stage())
                .isEqualTo(ApplyState.Stage.LOADED);
    }
}
