package org.thermalcommons.edge.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.deploy.FeatureChange;
import org.thermalcommons.edge.api.deploy.FeatureInfo;
import org.thermalcommons.edge.api.deploy.FeatureManager;
import org.thermalcommons.edge.input.InputRejectedException;
import org.thermalcommons.edge.input.features.FeaturesFile;

/**
 * The distribution's features on and off at run time ({@link FeatureSwitch}), as a service. Where things are comes
 * from the launcher's framework properties: {@code cool.edge.features.xml} (else {@code <home>/system/features.xml}),
 * {@code <home>/bundles/}, {@code <etc>/gateway.properties}, and the features it started, {@code cool.edge.features}
 * (else the persisted list). Without a features file (a test framework) it lists nothing and refuses every change.
 */
@Component(service = FeatureManager.class)
public class FeatureManagerComponent implements FeatureManager {
    /** Framework property: the features the launcher started (gateway.properties' and --features), comma-separated. */
    public static final String FEATURES_PROPERTY = "cool.edge.features";
    /** Framework property: the features file the launcher read. */
    public static final String FEATURES_FILE_PROPERTY = "cool.edge.features.xml";
    private static final Logger LOG = LoggerFactory.getLogger(FeatureManagerComponent.class);

    private volatile FeatureSwitch features;
    private volatile String unavailable = "";

    @Activate
    void activate(BundleContext ctx) {
        String home = Optional.ofNullable(ctx.getProperty("cool.edge.home")).orElse(".");
        Path file = Path.of(Optional.ofNullable(ctx.getProperty(FEATURES_FILE_PROPERTY)).orElse(home + "/system/features.xml"));
        Path etc = Path.of(Optional.ofNullable(ctx.getProperty("cool.edge.etc")).orElse(home + "/etc"));
        if (!Files.isRegularFile(file)) {
            unavailable = "no features file at " + file + " (the gateway was not started by its launcher)";
            LOG.info("Features: {}; features cannot be turned on or off", unavailable);
            return;
        }
        try {
            FeaturesFile catalog = FeaturesFile.read(file);
            EnabledList persisted = new EnabledList(etc.resolve("gateway.properties"));
            String running = ctx.getProperty(FEATURES_PROPERTY);
            List<String> enabled = running == null ? persisted.read()
                    : Arrays.stream(running.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            features = new FeatureSwitch(catalog, Path.of(home, "bundles"), persisted, enabled, new OsgiHost(ctx), Clock.systemUTC());
            LOG.info("Features: {} in {}; enabled: {}", catalog.all().size(), file, enabled);
        } catch (InputRejectedException | IOException | IllegalArgumentException e) {
            unavailable = e.getMessage();
            LOG.error("Features cannot be turned on or off: {}", e.getMessage());
        }
    }

    @Override
    public List<FeatureInfo> features() {
        FeatureSwitch f = features;
        return f == null ? List.of() : f.features();
    }

    @Override
    public FeatureChange enable(String name) {
        return log(change(name, true));
    }

    @Override
    public FeatureChange disable(String name) {
        return log(change(name, false));
    }

    private FeatureChange change(String name, boolean on) {
        FeatureSwitch f = features;
        if (f == null) {
            return new FeatureChange(Instant.now(), name, FeatureChange.Outcome.REFUSED, "no-features-file", unavailable,
                    List.of(), List.of(), List.of());
        }
        return on ? f.enable(name) : f.disable(name);
    }

    private static FeatureChange log(FeatureChange c) {
        switch (c.outcome()) {
            case ENABLED, DISABLED -> LOG.info("Feature {}: {}", c.feature(), c.detail());
            case FAILED -> LOG.error("Feature {} {} [rule {}]: {}", c.feature(), c.outcome(), c.rule(), c.detail());
            case REFUSED -> LOG.warn("Feature {} refused [rule {}]: {}", c.feature(), c.rule(), c.detail());
            default -> LOG.debug("Feature {}: {}", c.feature(), c.detail());
        }
        return c;
    }

    /** The framework: bundles by the launcher's location (the file's URI), started as the launcher starts them. */
    static final class OsgiHost implements FeatureSwitch.Host {
        private final BundleContext ctx;

        OsgiHost(BundleContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void installAndStart(Path file, int startLevel) throws Exception {
            Bundle b = ctx.installBundle(file.toUri().toString());
            b.adapt(BundleStartLevel.class).setStartLevel(startLevel);
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start(Bundle.START_ACTIVATION_POLICY);
            }
        }

        @Override
        public void stopAndUninstall(Path file) throws Exception {
            Bundle b = ctx.getBundle(file.toUri().toString());
            if (b != null) {
                b.uninstall(); // stops it first
            }
        }

        @Override
        public void refresh() throws Exception {
            FrameworkWiring wiring = ctx.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
            if (wiring.getRemovalPendingBundles().isEmpty()) {
                return;
            }
            CountDownLatch done = new CountDownLatch(1);
            wiring.refreshBundles(null, e -> {
                if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED || e.getType() == FrameworkEvent.ERROR) {
                    done.countDown();
                }
            });
            if (!done.await(30, TimeUnit.SECONDS)) {
                throw new IOException("the framework did not finish refreshing within 30 s");
            }
        }
    }
}
