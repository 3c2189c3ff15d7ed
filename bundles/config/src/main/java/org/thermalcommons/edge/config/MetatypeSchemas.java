package org.thermalcommons.edge.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.thermalcommons.edge.api.config.AttributeInfo;
import org.thermalcommons.edge.api.config.AttributeOption;
import org.thermalcommons.edge.api.config.AttributeType;
import org.thermalcommons.edge.api.config.ConfigurableType;

/**
 * What each configurable PID accepts, from the metatype of the installed bundles: the loader's {@link ConfigSchema}
 * (conversion and validation) and, for the console's forms, the same attributes described ({@link ConfigurableType}).
 * Both come from one reading of the metatype, so a form never offers what the loader would refuse.
 */
final class MetatypeSchemas implements ConfigDirectory.Schemas {
    /** A PID's schema and its description, read together. */
    record Described(ConfigSchema schema, ConfigurableType type) {
    }

    private final BundleContext context;
    private final MetaTypeService metaType;
    private final Map<String, Map<String, Map<String, MinMaxHints.Bounds>>> hints = new ConcurrentHashMap<>();

    MetatypeSchemas(BundleContext context, MetaTypeService metaType) {
        this.context = context;
        this.metaType = metaType;
    }

    @Override
    public Optional<ConfigSchema> find(String pid, boolean factory) {
        return describe(pid, factory).map(Described::schema);
    }

    /** The PID's schema and description; a PID declared as the other kind (singleton/factory) is accepted too. */
    Optional<Described> describe(String pid, boolean factory) {
        for (Bundle b : context.getBundles()) {
            MetaTypeInformation info = info(b);
            if (info == null) {
                continue;
            }
            boolean asFactory = contains(info.getFactoryPids(), pid);
            boolean asSingleton = contains(info.getPids(), pid);
            if (asFactory || asSingleton) {
                return Optional.of(read(b, info, pid, factory ? asFactory || !asSingleton : asFactory && !asSingleton));
            }
        }
        return Optional.empty();
    }

    /** Every configurable PID and factory PID, by PID. */
    List<ConfigurableType> all() {
        Map<String, ConfigurableType> out = new TreeMap<>();
        for (Bundle b : context.getBundles()) {
            MetaTypeInformation info = info(b);
            if (info == null) {
                continue;
            }
            for (String pid : orEmpty(info.getPids())) {
                out.putIfAbsent(pid, read(b, info, pid, false).type());
            }
            for (String pid : orEmpty(info.getFactoryPids())) {
                out.put(pid, read(b, info, pid, true).type());
            }
        }
        return List.copyOf(out.values());
    }

    private MetaTypeInformation info(Bundle b) {
        return b.getState() == Bundle.UNINSTALLED ? null : metaType.getMetaTypeInformation(b);
    }

    private Described read(Bundle b, MetaTypeInformation info, String pid, boolean factory) {
        ObjectClassDefinition ocd = info.getObjectClassDefinition(pid, null);
        Set<String> required = ids(ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED));
        Map<String, MinMaxHints.Bounds> bounds = bounds(b).getOrDefault(pid, Map.of());
        Map<String, ConfigSchema.Attribute> attrs = new HashMap<>();
        List<AttributeInfo> described = new ArrayList<>();
        AttributeDefinition[] ads = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        for (AttributeDefinition ad : ads == null ? new AttributeDefinition[0] : ads) {
            List<String> defaults = List.of(orEmpty(ad.getDefaultValue()));
            boolean mustSet = required.contains(ad.getID()) && defaults.isEmpty();
            ConfigSchema.Type type = type(ad.getType());
            attrs.put(ad.getID(), new ConfigSchema.Attribute(ad.getID(), type, ad.getCardinality(), ad::validate, mustSet));
            MinMaxHints.Bounds mm = bounds.getOrDefault(ad.getID(), MinMaxHints.Bounds.NONE);
            described.add(new AttributeInfo(ad.getID(), Optional.ofNullable(ad.getName()).orElse(ad.getID()),
                    Optional.ofNullable(ad.getDescription()).orElse(""), AttributeType.valueOf(type.name()),
                    ad.getCardinality(), mm.min(), mm.max(), options(ad), defaults, mustSet,
                    ConfigDraft.isSecret(ad.getID(), type)));
        }
        return new Described(new ConfigSchema(pid, attrs), new ConfigurableType(pid, factory,
                Optional.ofNullable(ocd.getName()).orElse(pid), Optional.ofNullable(ocd.getDescription()).orElse(""), described));
    }

    private Map<String, Map<String, MinMaxHints.Bounds>> bounds(Bundle b) {
        return hints.computeIfAbsent(b.getBundleId() + ":" + b.getLastModified(), k -> {
            try {
                return MinMaxHints.of(b);
            } catch (LinkageError e) {
                return Map.of(); // Felix MetaType's parser is not there: no hints
            }
        });
    }

    private static List<AttributeOption> options(AttributeDefinition ad) {
        String[] values = ad.getOptionValues();
        String[] labels = ad.getOptionLabels();
        List<AttributeOption> out = new ArrayList<>();
        for (int i = 0; values != null && i < values.length; i++) {
            out.add(new AttributeOption(values[i], labels != null && i < labels.length ? labels[i] : values[i]));
        }
        return out;
    }

    private static Set<String> ids(AttributeDefinition[] ads) {
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (AttributeDefinition ad : ads == null ? new AttributeDefinition[0] : ads) {
            m.put(ad.getID(), true);
        }
        return m.keySet();
    }

    private static boolean contains(String[] pids, String pid) {
        return pids != null && List.of(pids).contains(pid);
    }

    private static String[] orEmpty(String[] a) {
        return a == null ? new String[0] : a;
    }

    @SuppressWarnings("deprecation")
    static ConfigSchema.Type type(int t) {
        return switch (t) {
            case AttributeDefinition.INTEGER -> ConfigSchema.Type.INTEGER;
            case AttributeDefinition.LONG -> ConfigSchema.Type.LONG;
            case AttributeDefinition.DOUBLE -> ConfigSchema.Type.DOUBLE;
            case AttributeDefinition.FLOAT -> ConfigSchema.Type.FLOAT;
            case AttributeDefinition.BOOLEAN -> ConfigSchema.Type.BOOLEAN;
            case AttributeDefinition.CHARACTER -> ConfigSchema.Type.CHAR;
            case AttributeDefinition.SHORT -> ConfigSchema.Type.SHORT;
            case AttributeDefinition.BYTE -> ConfigSchema.Type.BYTE;
            case AttributeDefinition.PASSWORD -> ConfigSchema.Type.PASSWORD;
            default -> ConfigSchema.Type.STRING;
        };
    }
}
