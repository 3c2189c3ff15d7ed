package org.thermalcommons.edge.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.thermalcommons.edge.api.deploy.FeatureChange;
import org.thermalcommons.edge.api.deploy.FeatureChange.Outcome;
import org.thermalcommons.edge.api.deploy.FeatureInfo;
import org.thermalcommons.edge.input.features.FeaturesFile;
import org.thermalcommons.edge.input.features.FeaturesFile.BundleRef;
import org.thermalcommons.edge.input.features.FeaturesFile.Feature;

/**
 * Turns features on and off at run time. The enabled list is the launcher's ({@code features = ...}): a feature is on
 * when the list or a feature it includes names it. On: the bundles the feature adds to the enabled ones are installed
 * from the distribution's {@code bundles/} (the launcher's file names and start levels) and started; if one fails,
 * those installed by this request are uninstalled again. Off: refused for the features the gateway cannot run without
 * and for a feature another enabled feature includes; a group feature (only other features, like {@code demo}) that
 * includes it is replaced in the list by its members; the bundles no remaining feature needs are stopped, uninstalled
 * and refreshed away. The list is written before the bundles change and written back if they could not be changed.
 */
final class FeatureSwitch {
    /** The features the gateway cannot run without: the OSGi runtime, the core (with this bundle) and the console. */
    static final Set<String> REQUIRED = Set.of("runtime", "core", "console");

    /** The framework operations, by the launcher's file in {@code bundles/}. */
    interface Host {
        void installAndStart(Path file, int startLevel) throws Exception;

        void stopAndUninstall(Path file) throws Exception;

        /** Drops the wirings of uninstalled bundles (their dependents are restarted). */
        void refresh() throws Exception;
    }

    private final FeaturesFile catalog;
    private final Path bundleDir;
    private final EnabledList persisted;
    private final Host host;
    private final Clock clock;
    private List<String> enabled;

    FeatureSwitch(FeaturesFile catalog, Path bundleDir, EnabledList persisted, List<String> running, Host host, Clock clock) {
        this.catalog = catalog;
        this.bundleDir = bundleDir;
        this.persisted = persisted;
        this.enabled = List.copyOf(running);
        this.host = host;
        this.clock = clock;
    }

    synchronized List<String> enabledList() {
        return enabled;
    }

    synchronized List<FeatureInfo> features() {
        Set<String> on = new LinkedHashSet<>(catalog.closure(enabled));
        List<FeatureInfo> out = new ArrayList<>();
        for (Feature f : catalog.all()) {
            boolean isOn = on.contains(f.name());
            out.add(new FeatureInfo(f.name(), f.description(), isOn, enabled.contains(f.name()), isOn ? offRefusal(f.name(), on) : "",
                    f.features(), f.bundles().stream().map(BundleRef::coordinates).toList()));
        }
        return out;
    }

    /** Why {@code name} cannot be turned off now; empty if it can. */
    private String offRefusal(String name, Set<String> on) {
        if (REQUIRED.contains(name)) {
            return name + " cannot be turned off: the gateway cannot run without it";
        }
        List<String> by = neededBy(name, on);
        return by.isEmpty() ? "" : name + " is needed by the enabled feature(s) " + String.join(", ", by) + "; turn those off first";
    }

    private List<String> neededBy(String name, Set<String> on) {
        List<String> by = new ArrayList<>();
        for (String other : on) {
            Feature f = catalog.get(other);
            if (!other.equals(name) && !f.group() && catalog.closure(List.of(other)).contains(name)) {
                by.add(other);
            }
        }
        return by;
    }

    synchronized FeatureChange enable(String name) {
        if (!catalog.has(name)) {
            return refused(name, "unknown-feature", "there is no feature '" + name + "' in features.xml");
        }
        if (catalog.closure(enabled).contains(name)) {
            return change(name, Outcome.UNCHANGED, "", name + " is already on", List.of(), List.of());
        }
        List<String> next = new ArrayList<>(enabled);
        next.add(name);
        Set<String> now = keys(catalog.resolve(enabled));
        List<BundleRef> add = catalog.resolve(next).stream().filter(b -> !now.contains(b.key()))
                .sorted(Comparator.comparingInt(BundleRef::startLevel)).toList();
        List<String> missing = FeaturesFile.missing(bundleDir, add);
        if (!missing.isEmpty()) {
            return refused(name, "bundles-missing", "bundles of " + name + " are missing from " + bundleDir + ": " + String.join(", ", missing));
        }
        List<String> before = enabled;
        try {
            persisted.write(next);
        } catch (IOException e) {
            return refused(name, "persist-failed", "could not write " + persisted.file() + " (" + e.getMessage() + "); nothing changed");
        }
        List<BundleRef> done = new ArrayList<>();
        for (BundleRef b : add) {
            try {
                host.installAndStart(bundleDir.resolve(b.fileName()), b.startLevel());
                done.add(b);
            } catch (Exception e) {
                done.add(b); // may be installed but not started: uninstalled with the others
                String undo = undo(done, before);
                return change(name, Outcome.FAILED, "start-failed", b.coordinates() + " of " + name + " failed to start: " + e.getMessage()
                        + "; " + undo, List.of(), List.of());
            }
        }
        enabled = List.copyOf(next);
        return change(name, Outcome.ENABLED, "", name + " is on: " + add.size() + " bundle(s) installed and started; "
                + persisted.file().getFileName() + " now enables " + String.join(", ", next), coordinates(add), List.of());
    }

    private String undo(List<BundleRef> installed, List<String> before) {
        List<String> problems = new ArrayList<>();
        List<BundleRef> reverse = new ArrayList<>(installed);
        java.util.Collections.reverse(reverse);
        for (BundleRef b : reverse) {
            try {
                host.stopAndUninstall(bundleDir.resolve(b.fileName()));
            } catch (Exception e) {
                problems.add(b.coordinates() + " (" + e.getMessage() + ")");
            }
        }
        try {
            host.refresh();
            persisted.write(before);
        } catch (Exception e) {
            problems.add(e.getMessage());
        }
        return problems.isEmpty() ? "the bundles installed for it were uninstalled again and the enabled list restored"
                : "undoing it failed for " + String.join(", ", problems);
    }

    synchronized FeatureChange disable(String name) {
        if (!catalog.has(name)) {
            return refused(name, "unknown-feature", "there is no feature '" + name + "' in features.xml");
        }
        Set<String> on = new LinkedHashSet<>(catalog.closure(enabled));
        if (!on.contains(name)) {
            return change(name, Outcome.UNCHANGED, "", name + " is already off", List.of(), List.of());
        }
        if (REQUIRED.contains(name)) {
            return refused(name, "required-feature", offRefusal(name, on));
        }
        if (!neededBy(name, on).isEmpty()) {
            return refused(name, "needed-by", offRefusal(name, on));
        }
        List<String> next = withoutFeature(name);
        Set<String> keep = keys(catalog.resolve(next));
        List<BundleRef> remove = new ArrayList<>(catalog.resolve(enabled).stream().filter(b -> !keep.contains(b.key()))
                .sorted(Comparator.comparingInt(BundleRef::startLevel)).toList());
        java.util.Collections.reverse(remove); // stopped in the reverse of the start order
        try {
            persisted.write(next);
        } catch (IOException e) {
            return refused(name, "persist-failed", "could not write " + persisted.file() + " (" + e.getMessage() + "); nothing changed");
        }
        enabled = List.copyOf(next);
        List<String> problems = new ArrayList<>();
        for (BundleRef b : remove) {
            try {
                host.stopAndUninstall(bundleDir.resolve(b.fileName()));
            } catch (Exception e) {
                problems.add(b.coordinates() + ": " + e.getMessage());
            }
        }
        try {
            host.refresh();
        } catch (Exception e) {
            problems.add("refresh: " + e.getMessage());
        }
        String list = persisted.file().getFileName() + " now enables " + String.join(", ", next);
        if (!problems.isEmpty()) {
            return change(name, Outcome.FAILED, "stop-failed", name + " is off in " + list + ", but stopping failed for "
                    + String.join("; ", problems) + " (a restart applies it)", List.of(), coordinates(remove));
        }
        return change(name, Outcome.DISABLED, "", name + " is off: " + remove.size() + " bundle(s) stopped and uninstalled; " + list,
                List.of(), coordinates(remove));
    }

    /** The enabled list without {@code name}: group features that include it are replaced by their members first. */
    private List<String> withoutFeature(String name) {
        List<String> list = new ArrayList<>(enabled);
        boolean split = true;
        while (split) {
            split = false;
            for (int i = 0; i < list.size(); i++) {
                String g = list.get(i);
                if (!g.equals(name) && catalog.get(g).group() && catalog.closure(List.of(g)).contains(name)) {
                    list.remove(i);
                    list.addAll(i, catalog.get(g).features());
                    split = true;
                    break;
                }
            }
        }
        list.removeIf(name::equals);
        return List.copyOf(new LinkedHashSet<>(list));
    }

    private static Set<String> keys(List<BundleRef> refs) {
        Set<String> out = new LinkedHashSet<>();
        for (BundleRef b : refs) {
            out.add(b.key());
        }
        return out;
    }

    private static List<String> coordinates(List<BundleRef> refs) {
        return refs.stream().map(BundleRef::coordinates).toList();
    }

    private FeatureChange refused(String name, String rule, String detail) {
        return change(name, Outcome.REFUSED, rule, detail, List.of(), List.of());
    }

    private FeatureChange change(String name, Outcome outcome, String rule, String detail, List<String> installed, List<String> removed) {
        return new FeatureChange(clock.instant(), name, outcome, rule, detail, installed, removed, enabled);
    }
}
