package org.thermalcommons.edge.bench;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * A component's configuration as DS would hand it over: the metatype interface with its declared defaults (the
 * production settings), except the attributes a benchmark sets.
 */
public final class Configs {
    private Configs() {
    }

    public static <A> A of(Class<A> type, Map<String, ?> overrides) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            if (overrides.containsKey(m.getName())) {
                return overrides.get(m.getName());
            }
            return switch (m.getName()) {
                case "annotationType" -> type;
                case "toString" -> type.getSimpleName() + overrides;
                case "hashCode" -> System.identityHashCode(p);
                case "equals" -> p == args[0];
                default -> {
                    Object d = m.getDefaultValue();
                    if (d == null) {
                        throw new IllegalStateException(type.getSimpleName() + "." + m.getName() + " has no default");
                    }
                    yield d;
                }
            };
        });
        return type.cast(proxy);
    }

    /** For annotation-typed configurations. */
    public static <A extends Annotation> A annotation(Class<A> type, Map<String, ?> overrides) {
        return of(type, overrides);
    }
}
