package org.thermalcommons.edge.commissioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.driver.DeviceDirectory;
import org.thermalcommons.edge.api.driver.DiscoveredDevice;
import org.thermalcommons.edge.api.driver.ObjectReading;
import org.thermalcommons.edge.api.driver.ObjectState;

/** Scan with discovery on request, object browse and the report's steps, over a directory that stands in for a driver. */
class BacnetToolsTest {
    static final Instant T = Instant.parse("2026-12-02T01:00:00Z");
    static final String INES = "ines (installer)";

    /** A directory whose network has one zone controller, which answers once discovery has run. */
    static final class Directory implements DeviceDirectory {
        final List<DiscoveredDevice> found = new ArrayList<>();
        final List<Duration> rounds = new ArrayList<>();
        boolean refuse;

        @Override
        public String protocol() {
            return "bacnet";
        }

        @Override
        public List<DiscoveredDevice> devices() {
            return List.copyOf(found);
        }

        @Override
        public Optional<DiscoveredDevice> describe(int instance) {
            return found.stream().filter(d -> d.instance() == instance).findFirst()
                    .map(d -> new DiscoveredDevice("bacnet", d.instance(), d.address(), 1476, "no-segmentation", 0, "sim",
                            ProfileDrafterTest.SIM_ZONE, d.seenAt()));
        }

        @Override
        public List<DiscoveredDevice> discoverNow(Duration wait) {
            if (refuse) {
                throw new IllegalStateException("rate: at most one Who-Is round every 5 s on request; try again in 3.0 s");
            }
            rounds.add(wait);
            found.add(new DiscoveredDevice("bacnet", 1001, "127.0.0.1:47809", 1476, "no-segmentation", 0, "", List.of(), T));
            return devices();
        }

        @Override
        public ObjectReading readObject(int device, String type, int instance) {
            if (found.stream().noneMatch(d -> d.instance() == device)) {
                return ObjectReading.failed(ObjectReading.Outcome.UNKNOWN_DEVICE, "device " + device + " is not in the directory");
            }
            List<OptionalDouble> slots = new ArrayList<>(Collections.nCopies(16, OptionalDouble.empty()));
            slots.set(11, OptionalDouble.of(22.5));
            return ObjectReading.read(new ObjectState(device, type, instance, "cooling-setpoint", "degrees-celsius",
                    OptionalDouble.of(22.5), true, slots, OptionalDouble.of(24), false, List.of(), List.of(), "read-property-multiple", T));
        }
    }

    private static CommissioningComponent tools(Directory dir) {
        return CommissioningComponent.standalone(Clock.fixed(T, ZoneOffset.UTC), "", Duration.ofSeconds(60), List.of(dir), null, null, null);
    }

    @Test
    void aScanWithDiscoveryRunsOneRoundFirstAndFindsWhatAnswered() {
        Directory dir = new Directory();
        CommissioningComponent c = tools(dir);
        assertThat(c.scanBacnet(INES, false)).isEmpty();
        assertThat(dir.rounds).as("no discovery without asking").isEmpty();

        List<DiscoveredDevice> found = c.scanBacnet(INES, true);

        assertThat(dir.rounds).containsExactly(Duration.ofSeconds(3));
        assertThat(found).extracting(DiscoveredDevice::instance).containsExactly(1001);
        assertThat(found.get(0).objects()).as("described with its object list").isNotEmpty();
        assertThat(c.reportHtml("Site", INES)).contains("<td>" + T + "</td><td>" + INES + "</td><td>BACnet discovery (Who-Is) on request");
    }

    @Test
    void aRefusedDiscoveryNamesTheRuleAndIsNotJournaled() {
        Directory dir = new Directory();
        dir.refuse = true;
        CommissioningComponent c = tools(dir);
        assertThatThrownBy(() -> c.scanBacnet(INES, true)).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("rate: ");
        assertThat(c.reportHtml("Site", INES)).doesNotContain("BACnet discovery").doesNotContain("BACnet scan");
    }

    @Test
    void discoveryWithoutABacnetNetworkIsRefused() {
        CommissioningComponent c = CommissioningComponent.standalone(Clock.fixed(T, ZoneOffset.UTC), "", Duration.ofSeconds(60),
                List.of(), null, null, null);
        assertThatThrownBy(() -> c.scanBacnet(INES, true)).hasMessageStartingWith("discovery: no BACnet network is running");
    }

    @Test
    void aBrowseReadingIsReturnedAndListedInTheReportsStepsWithWhoAndWhen() {
        Directory dir = new Directory();
        CommissioningComponent c = tools(dir);
        assertThat(c.readBacnetObject(1001, "analog-value", 3, INES).outcome()).isEqualTo(ObjectReading.Outcome.UNKNOWN_DEVICE);
        c.scanBacnet(INES, true);

        ObjectReading r = c.readBacnetObject(1001, "analog-value", 3, INES);

        assertThat(r.state().orElseThrow().priorityArray().get(11)).isEqualTo(OptionalDouble.of(22.5));
        assertThat(c.reportHtml("Site", INES)).contains("<td>" + T + "</td><td>" + INES + "</td><td>BACnet read of analog-value:3 on device 1001: "
                + "present value 22.5 degrees-celsius, priority 12 = 22.5, relinquish default 24, status ok</td>",
                "BACnet read of analog-value:3 on device 1001: unknown-device");
    }
}
