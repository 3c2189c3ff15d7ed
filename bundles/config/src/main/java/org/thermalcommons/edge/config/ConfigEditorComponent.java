package org.thermalcommons.edge.config;

import java.lang.reflect.Array;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.thermalcommons.edge.api.config.ApplyState;
import org.thermalcommons.edge.api.config.ConfigChange;
import org.thermalcommons.edge.api.config.ConfigProblem;
import org.thermalcommons.edge.api.config.ConfigurableType;
import org.thermalcommons.edge.api.config.ConfigurationEditor;
import org.thermalcommons.edge.api.config.ConfigurationInfo;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.api.metrics.MetricsSource;
import org.thermalcommons.edge.api.store.AuditLog;

/**
 * The {@link ConfigurationEditor} service over the running loader ({@link ConfigDirectoryComponent}): the same
 * directory, the same schemas, the loader's own re-read after each write. Whether a loaded configuration reached its
 * component is checked with the DS runtime (the component's active configuration carries the file's values). Counts
 * refused changes by rule.
 */
@Component(service = {ConfigurationEditor.class, MetricsSource.class}, immediate = true)
public class ConfigEditorComponent implements ConfigurationEditor, MetricsSource {
    /** Previous versions kept per file. */
    static final int HISTORY = 10;
    /** The PIDs edited here: the gateway's own components (Felix HTTP, for one, is configured by the console itself). */
    static final String EDITABLE_PREFIX = "org.thermalcommons.edge.";

    @Reference
    ConfigDirectoryComponent loader;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ServiceComponentRuntime scr;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile AuditLog audit;

    private ConfigEditor editor;

    @Activate
    void activate() {
        ConfigDirectory dir = loader.directory();
        MetatypeSchemas schemas = loader.schemas();
        editor = new ConfigEditor(dir.dir(), pid -> pid.startsWith(EDITABLE_PREFIX), new ConfigEditor.Types() {
            @Override
            public java.util.Optional<MetatypeSchemas.Described> describe(String pid, boolean factory) {
                return schemas.describe(pid, factory);
            }

            @Override
            public List<ConfigurableType> all() {
                return schemas.all();
            }
        }, new ConfigEditor.Loader() {
            @Override
            public ApplyState reload(Path file) {
                return dir.reload(file);
            }

            @Override
            public ApplyState stateOf(Path file) {
                return dir.stateOf(file);
            }
        }, this::check, e -> {
            AuditLog a = audit;
            if (a != null) {
                a.record(e);
            }
        }, Clock.systemUTC(), HISTORY);
    }

    /** APPLIED when a component's active (or satisfied) configuration carries every expected value. */
    ApplyState check(ConfigFile.Name name, Dictionary<String, Object> expected, ApplyState loaded) {
        ServiceComponentRuntime runtime = scr;
        if (runtime == null) {
            return loaded;
        }
        return check(name, expected, loaded, runtime.getComponentDescriptionDTOs(), runtime::getComponentConfigurationDTOs);
    }

    /** The same, over the runtime's descriptions and their configurations (a test gives its own). */
    static ApplyState check(ConfigFile.Name name, Dictionary<String, Object> expected, ApplyState loaded,
                            Collection<ComponentDescriptionDTO> descriptions,
                            java.util.function.Function<ComponentDescriptionDTO, Collection<ComponentConfigurationDTO>> configurations) {
        String pid = name.factoryName().map(n -> name.pid() + "~" + n).orElse(name.pid());
        String waiting = null;
        for (ComponentDescriptionDTO d : descriptions) {
            if (d.configurationPid == null || !List.of(d.configurationPid).contains(name.pid())) {
                continue;
            }
            for (ComponentConfigurationDTO c : configurations.apply(d)) {
                if (c.properties == null || !hasPid(c.properties.get("service.pid"), pid) || !carries(c.properties, expected)) {
                    continue;
                }
                if (c.state == ComponentConfigurationDTO.ACTIVE || c.state == ComponentConfigurationDTO.SATISFIED) {
                    return new ApplyState(ApplyState.Stage.APPLIED, "component " + d.name + " runs with these values");
                }
                return new ApplyState(ApplyState.Stage.LOADED, "component " + d.name + " has these values but is not"
                        + " satisfied yet (it waits for a service it needs)");
            }
            waiting = d.name;
        }
        return waiting == null ? loaded
                : new ApplyState(ApplyState.Stage.LOADED, loaded.detail() + "; component " + waiting + " has not received it yet");
    }

    private static boolean hasPid(Object servicePid, String pid) {
        if (servicePid instanceof String s) {
            return s.equals(pid);
        }
        if (servicePid instanceof Collection<?> c) {
            return c.contains(pid);
        }
        if (servicePid != null && servicePid.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(servicePid); i++) {
                if (pid.equals(Array.get(servicePid, i))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean carries(Map<String, Object> actual, Dictionary<String, Object> expected) {
        for (Enumeration<String> keys = expected.keys(); keys.hasMoreElements(); ) {
            String k = keys.nextElement();
            if (!Objects.equals(text(expected.get(k)), text(actual.get(k)))) {
                return false;
            }
        }
        return true;
    }

    private static String text(Object v) {
        if (v != null && v.getClass().isArray()) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < Array.getLength(v); i++) {
                b.append(Array.get(v, i)).append(',');
            }
            return b.append(']').toString();
        }
        if (v instanceof Collection<?> c) {
            return text(c.toArray());
        }
        return String.valueOf(v);
    }

    @Override
    public void collect(MetricsCollector out) {
        ConfigEditor e = editor;
        if (e == null) {
            return;
        }
        e.rejections().byRule().forEach((rule, n) -> out.counter("cool_edge_config_edits_rejected_total",
                "Configuration changes refused (console or API), by rule", Map.of("rule", rule), n));
        out.counter("cool_edge_config_edits_total", "Configuration changes written (saves, creates, deletes, rollbacks)",
                Map.of(), e.changes());
    }

    @Override
    public List<ConfigurableType> types() {
        return editor.types();
    }

    @Override
    public List<ConfigurationInfo> configurations() {
        return editor.configurations();
    }

    @Override
    public java.util.Optional<ConfigurationInfo> configuration(String id) {
        return editor.configuration(id);
    }

    @Override
    public List<ConfigProblem> validate(String id, Map<String, String> values) {
        return editor.validate(id, values);
    }

    @Override
    public ConfigChange save(String id, Map<String, String> values, String by) {
        return editor.save(id, values, by);
    }

    @Override
    public ConfigChange create(String factoryPid, String name, Map<String, String> values, String by) {
        return editor.create(factoryPid, name, values, by);
    }

    @Override
    public ConfigChange delete(String id, String by) {
        return editor.delete(id, by);
    }

    @Override
    public ConfigChange rollback(String id, String by) {
        return editor.rollback(id, by);
    }
}
