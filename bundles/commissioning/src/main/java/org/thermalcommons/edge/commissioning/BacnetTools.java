package org.thermalcommons.edge.commissioning;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.thermalcommons.edge.api.commissioning.DraftPoint;
import org.thermalcommons.edge.api.driver.DeviceDirectory;
import org.thermalcommons.edge.api.driver.DiscoveredDevice;
import org.thermalcommons.edge.api.driver.ObjectReading;
import org.thermalcommons.edge.api.driver.ObjectState;

/**
 * The BACnet side of commissioning over the drivers' {@link DeviceDirectory} services: scan (optionally after a
 * discovery round on request), object browse with live values, role suggestions. Everything is journaled with who
 * asked, for the report.
 */
final class BacnetTools {
    private final List<DeviceDirectory> directories;
    private final Journal journal;
    private final Clock clock;
    private final Duration discoveryWait;

    BacnetTools(List<DeviceDirectory> directories, Journal journal, Clock clock, Duration discoveryWait) {
        this.directories = directories;
        this.journal = journal;
        this.clock = clock;
        this.discoveryWait = discoveryWait;
    }

    private List<DeviceDirectory> bacnet() {
        return directories.stream().filter(d -> "bacnet".equals(d.protocol())).toList();
    }

    /** Every directory's devices with their object lists (bounded), journaled. */
    List<DiscoveredDevice> scan() {
        List<DiscoveredDevice> out = new ArrayList<>();
        for (DeviceDirectory d : bacnet()) {
            for (DiscoveredDevice dev : d.devices()) {
                if (out.size() >= CommissioningComponent.MAX_BACNET_DEVICES) {
                    break;
                }
                out.add(d.describe(dev.instance()).orElse(dev));
            }
        }
        out.sort((a, b) -> Integer.compare(a.instance(), b.instance()));
        journal.bacnet(out);
        return out;
    }

    List<DiscoveredDevice> scan(String by, boolean discover) {
        if (discover) {
            List<DeviceDirectory> dirs = bacnet();
            if (dirs.isEmpty()) {
                throw new IllegalStateException("discovery: no BACnet network is running (driver-bacnet's network component)");
            }
            long t0 = System.nanoTime();
            for (DeviceDirectory d : dirs) {
                d.discoverNow(discoveryWait); // throws naming the rule (rate) when refused: nothing sent, nothing journaled
            }
            journal.add(clock.instant(), by, String.format(Locale.ROOT, "BACnet discovery (Who-Is) on request: answers awaited %.1f s",
                    (System.nanoTime() - t0) / 1e9));
        }
        List<DiscoveredDevice> out = scan();
        journal.add(clock.instant(), by, "BACnet scan: " + out.size() + " devices " + out.stream().map(DiscoveredDevice::instance).toList());
        return out;
    }

    ObjectReading read(int device, String type, int instance, String by) {
        ObjectReading last = ObjectReading.failed(ObjectReading.Outcome.UNKNOWN_DEVICE, "device " + device
                + " is not in the BACnet directory" + (bacnet().isEmpty() ? " (no BACnet network is running)" : ""));
        for (DeviceDirectory d : bacnet()) {
            ObjectReading r = d.readObject(device, type, instance);
            if (r.outcome() != ObjectReading.Outcome.UNKNOWN_DEVICE) {
                last = r;
                break;
            }
        }
        journal.add(clock.instant(), by, "BACnet read of " + type + ":" + instance + " on device " + device + ": "
                + last.state().map(BacnetTools::summary).orElse(last.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-')
                + " (" + last.detail() + ")"));
        return last;
    }

    /** E.g. {@code present value 22.5 degrees-celsius, priority 12 = 22.5, relinquish default 24, status ok}. */
    static String summary(ObjectState s) {
        StringBuilder b = new StringBuilder("present value ").append(num(s.presentValue()));
        if (!s.units().isEmpty()) {
            b.append(' ').append(s.units());
        }
        if (s.commandable()) {
            List<String> used = new ArrayList<>();
            for (int i = 0; i < s.priorityArray().size(); i++) {
                if (s.priorityArray().get(i).isPresent()) {
                    used.add("priority " + (i + 1) + " = " + num(s.priorityArray().get(i)));
                }
            }
            b.append(", ").append(used.isEmpty() ? "no priority in use" : String.join(", ", used))
                    .append(", relinquish default ").append(num(s.relinquishDefault()));
        }
        b.append(", status ").append(s.statusFlags().isEmpty() ? "ok" : String.join(" ", s.statusFlags()));
        if (s.outOfService()) {
            b.append(", out of service");
        }
        return b.toString();
    }

    private static String num(OptionalDouble v) {
        if (v.isEmpty()) {
            return "none";
        }
        double d = v.getAsDouble();
        return d == Math.rint(d) && Math.abs(d) < 1e12 ? String.valueOf((long) d) : String.valueOf(d);
    }

    List<DraftPoint> suggest(int instance) {
        Optional<DiscoveredDevice> d = journal.bacnet().stream().filter(x -> x.instance() == instance).findFirst();
        if (d.isEmpty() || d.get().objects().isEmpty()) {
            for (DeviceDirectory dir : bacnet()) {
                d = dir.describe(instance);
                if (d.isPresent()) {
                    break;
                }
            }
        }
        return d.map(x -> RoleSuggester.suggest(x.objects())).orElse(List.of());
    }
}
