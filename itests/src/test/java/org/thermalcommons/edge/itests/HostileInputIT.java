package org.thermalcommons.edge.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.api.metrics.MetricsSource;
import org.thermalcommons.edge.api.profile.ProfileRegistry;

/**
 * Hostile site files in the assembled gateway, in Felix: profiles validated with the JSON Schema by networknt's
 * validator bundle (a deeply nested and a duplicate-key profile rejected, the shipped ones loaded), and an empty
 * .cfg rejected by the configuration loader; each rejection counted under its rule in the bundles' metrics.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HostileInputIT {
    @Inject
    BundleContext context;
    @Inject
    ProfileRegistry profiles;

    @Configuration
    public Option[] config() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/itest-work/hostile-profiles").toAbsolutePath());
        try (Stream<Path> old = Files.list(dir)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        try (Stream<Path> shipped = Files.list(EdgeOptions.DISTRIBUTION.resolve("profiles"))) {
            for (Path p : shipped.filter(f -> f.toString().endsWith(".json")).toList()) {
                Files.copy(p, dir.resolve(p.getFileName()));
            }
        }
        Files.writeString(dir.resolve("nested.json"), "{\"id\":\"nested\",\"points\":" + "[".repeat(500) + "]".repeat(500) + "}");
        Files.writeString(dir.resolve("dup.json"), "{\"id\":\"dup\",\"id\":\"dup\"}");
        return EdgeOptions.gateway("hostile", List.of("core", "profiles"), Map.of(
                "org.thermalcommons.edge.profiles.Profiles.cfg", "directory = " + dir + "\nrescanSeconds = 0\n",
                "org.thermalcommons.edge.core.StatusLine.cfg", "# nothing but a comment\n"));
    }

    @Test
    public void hostileProfilesAndAnEmptyCfgAreRejectedByRuleAndTheRestLoads() throws Exception {
        long shipped;
        try (Stream<Path> files = Files.list(EdgeOptions.DISTRIBUTION.resolve("profiles"))) {
            shipped = files.filter(f -> f.toString().endsWith(".json")).count();
        }
        assertEquals("every shipped profile loads, the two hostile ones do not", shipped, profiles.all().size());
        assertTrue(profiles.find("modbus-meter").isPresent());
        EdgeOptions.await("the empty .cfg rejected", 10_000,
                () -> counters().getOrDefault("cool_edge_config_rejected_total{rule=empty-file}", 0.0) == 1.0);
        Map<String, Double> c = counters();
        assertEquals(Double.valueOf(1), c.get("cool_edge_profiles_rejected_total{rule=json-depth}"));
        assertEquals(Double.valueOf(1), c.get("cool_edge_profiles_rejected_total{rule=duplicate-key}"));
        assertEquals(Double.valueOf(shipped), c.get("cool_edge_profiles_loaded"));
    }

    private Map<String, Double> counters() {
        Map<String, Double> out = new HashMap<>();
        MetricsCollector collector = new MetricsCollector() {
            @Override
            public void counter(String name, String help, Map<String, String> labels, double value) {
                out.put(name + labels, value);
            }

            @Override
            public void gauge(String name, String help, Map<String, String> labels, double value) {
                out.put(name, value);
            }
        };
        try {
            for (ServiceReference<MetricsSource> r : context.getServiceReferences(MetricsSource.class, null)) {
                context.getService(r).collect(collector);
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
