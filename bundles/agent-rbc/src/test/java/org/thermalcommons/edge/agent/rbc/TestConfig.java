package org.thermalcommons.edge.agent.rbc;

import java.lang.reflect.Proxy;
import java.util.Map;

/** An {@link AgentConfig} with the metatype defaults and the given overrides (by attribute name). */
final class TestConfig {
    private TestConfig() {
    }

    static AgentConfig of(Map<String, Object> overrides) {
        return (AgentConfig) Proxy.newProxyInstance(AgentConfig.class.getClassLoader(), new Class<?>[] {AgentConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return AgentConfig.class;
                    }
                    if (method.getDefaultValue() == null) {
                        return method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                                : method.getName().equals("equals") ? proxy == args[0] : "TestConfig";
                    }
                    return overrides.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }

    static AgentSettings settings(Map<String, Object> overrides) {
        return AgentSettings.of(of(overrides));
    }

    static Agent agent(Map<String, Object> overrides) {
        return new Agent(settings(overrides), t -> org.thermalcommons.edge.api.market.GridStress.NORMAL);
    }
}
