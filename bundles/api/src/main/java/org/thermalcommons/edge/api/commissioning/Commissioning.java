package org.thermalcommons.edge.api.commissioning;

import java.util.List;
import java.util.Optional;
import org.thermalcommons.edge.api.driver.DiscoveredDevice;
import org.thermalcommons.edge.api.driver.ObjectReading;

/**
 * Installer tools (service of the {@code commissioning} bundle). Every method validates its input and reports
 * field-level errors instead of throwing; network I/O is bounded; call it off the control cycle.
 */
public interface Commissioning {
    /** BACnet devices from every directory, each with its object list (bounded in count); journaled as {@code by}'s. */
    List<DiscoveredDevice> scanBacnet(String by);

    /**
     * With {@code discover}, first one discovery round on every directory (BACnet Who-Is, bounded wait for I-Am,
     * rate-limited by the driver), then {@link #scanBacnet(String)}; journaled as {@code by}'s.
     *
     * @throws IllegalStateException naming the rule when discovery was refused (e.g. its rate limit); nothing is sent
     * @since 1.1
     */
    default List<DiscoveredDevice> scanBacnet(String by, boolean discover) {
        if (discover) {
            throw new IllegalStateException("discovery: not available");
        }
        return scanBacnet(by);
    }

    /**
     * One BACnet object's live state (present value, units, priority array, relinquish default, status flags,
     * out-of-service) read from a discovered device, bounded by the driver's deadline; journaled as {@code by}'s.
     *
     * @since 1.1
     */
    default ObjectReading readBacnetObject(int device, String type, int instance, String by) {
        return ObjectReading.failed(ObjectReading.Outcome.UNSUPPORTED, "browsing objects is not available");
    }

    /** A Modbus TCP probe (loopback or configured site networks only); journaled as {@code by}'s. */
    ModbusScan probeModbus(ModbusProbe probe, String by);

    /** Configured devices (with points in the core's latest cycle) a test can run on. */
    List<String> testableDevices();

    /** Holding registers of one unit, raw and decoded (at most 32 words). */
    RegisterBlock readRegisters(String host, int port, int unit, int start, int count);

    /**
     * Registers of one unit from {@code table} ({@code holding} or {@code input}), raw and decoded (at most 32 words).
     * Implementations that read only holding registers refuse {@code input} in the block's errors.
     */
    default RegisterBlock readRegisters(String host, int port, int unit, String table, int start, int count) {
        if ("holding".equals(table)) {
            return readRegisters(host, port, unit, start, count);
        }
        return new RegisterBlock(java.util.Map.of("table", "must be holding (this gateway reads no " + table + " registers)"),
                start, List.of(), List.of());
    }

    /** Suggested draft points for a discovered BACnet device's objects (roles from names and units). */
    List<DraftPoint> suggest(int bacnetInstance);

    /**
     * Suggested draft points for a Modbus unit from the SunSpec models it carries (their registers at the models'
     * offsets, with scale-factor registers); empty for a unit without a SunSpec header or with unknown models.
     *
     * @throws IllegalArgumentException naming the field and rule when the unit may not be reached (site networks) or
     *                                  does not answer
     * @since 1.1
     */
    default List<DraftPoint> suggestModbus(String host, int port, int unit) {
        return List.of();
    }

    /** Builds the profile JSON and validates it with the shipped validator; with {@code save}, writes it when valid. */
    ProfileDraft draft(DraftRequest request, boolean save, String by);

    /**
     * Starts a test of a configured device's points (reads, then each writable point written at a test value within
     * its limits and relinquished, through the core's command layer).
     *
     * @throws IllegalArgumentException naming the rule when the device is not configured or a test of it is running
     */
    TestRun startTest(String device, String by);

    Optional<TestRun> test(String id);

    List<TestRun> tests();

    /** The printable report (HTML). */
    String reportHtml(String site, String by);

    /** The report as PDF. */
    byte[] reportPdf(String site, String by);
}
