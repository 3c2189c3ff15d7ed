package org.thermalcommons.edge.driver.modbus;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.health.Health;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.WriteOutcome;
import org.thermalcommons.edge.api.profile.DeviceProfile;
import org.thermalcommons.edge.api.profile.ModbusAddress;
import org.thermalcommons.edge.api.profile.PollGroup;
import org.thermalcommons.edge.api.profile.ProfilePoint;
import org.thermalcommons.edge.driver.support.Backoff;
import org.thermalcommons.edge.driver.support.FieldDevice;
import org.thermalcommons.edge.driver.support.Staleness;
import org.thermalcommons.edge.input.RateLimitedLog;

/**
 * One Modbus device: its points from the profile, block reads per poll group, decoding and validation of what the
 * device answers, writes with their outcome, and failure handling. Failures concern what failed: an exception response
 * faults the points of that block only (the connection stays up, the other blocks keep their period) and refuses that
 * write only; only an unreachable or misbehaving device (connection, timeout, a rejected frame) backs off the whole
 * device and, after repeated failures, faults its points. All methods but {@link #values()}, {@link #health()} and the
 * counters run on the device's own thread.
 */
final class ModbusDevice implements FieldDevice {
    private static final Logger LOG = LoggerFactory.getLogger(ModbusDevice.class);

    /**
     * Per-device settings (see the component's metatype).
     *
     * @param maxGap  the most unmapped registers a read may span; the profile's {@code modbus.maxGap} caps it
     * @param periods each group's configured poll period (staleness follows it)
     */
    record Settings(String device, int unitId, int maxGap, long minGapMillis, Duration staleAfter, Duration backoffMin,
                    Duration backoffMax, int faultAfterFailures, Map<PollGroup, Duration> periods) {
        Settings {
            periods = Map.copyOf(periods);
        }
    }

    private final Settings s;
    private final ModbusTransport transport;
    private final ModbusCounters counters;
    private final Supplier<Instant> clock;
    private final Backoff backoff;
    private final LongConsumer pause;
    private final RateLimitedLog refusals;
    private final boolean fc16Only;
    private final Map<PointId, ModbusPoint> points = new HashMap<>();
    private final Map<PollGroup, List<Block>> blocks = new EnumMap<>(PollGroup.class);
    private final List<PointDefinition> definitions = new ArrayList<>();
    private final DeviceValues values;
    private final BlockDecoder decoder;
    private final Set<Block> refusedBlocks = ConcurrentHashMap.newKeySet();
    /** Blocks whose last read was answered with values (device thread only). */
    private final Set<Block> goodBlocks = new java.util.HashSet<>();
    private volatile String outage;
    private long lastTransactionNanos;

    /**
     * @param clock           the gateway clock, for timestamps (it may jump: simulation, time sync)
     * @param monotonicMillis a monotonic clock for back-off and log rate limits
     * @param pause           sleeps the device thread for the given milliseconds (the minimum gap between transactions)
     */
    ModbusDevice(Settings settings, DeviceProfile profile, ModbusTransport transport, ModbusCounters counters,
                 Supplier<Instant> clock, LongSupplier monotonicMillis, LongConsumer pause) {
        if (!"modbus".equals(profile.protocol())) {
            throw new IllegalArgumentException("profile '" + profile.id() + "' is a " + profile.protocol() + " profile, not modbus");
        }
        this.s = settings;
        this.transport = transport;
        this.counters = counters;
        this.clock = clock;
        this.backoff = new Backoff(settings.backoffMin(), settings.backoffMax(), settings.faultAfterFailures(), monotonicMillis);
        this.pause = pause;
        this.refusals = new RateLimitedLog(LOG, 60_000, monotonicMillis);
        this.fc16Only = profile.modbus().fc16Only();
        this.values = new DeviceValues(settings.device(), counters, refusals);
        this.decoder = new BlockDecoder(values);
        Map<PollGroup, List<ModbusPoint>> byGroup = new EnumMap<>(PollGroup.class);
        for (ProfilePoint p : profile.points()) {
            ModbusPoint mp = ModbusPoint.of(settings.device(), p);
            points.put(mp.id(), mp);
            byGroup.computeIfAbsent(p.pollGroup(), g -> new ArrayList<>()).add(mp);
            definitions.add(new PointDefinition(mp.id(), p.role(), p.unit(), p.limits(), p.writable(),
                    Staleness.of(settings.staleAfter(), settings.periods().getOrDefault(p.pollGroup(), p.pollGroup().defaultPeriod())),
                    p.safeValue(), p.writePolicy()));
        }
        int maxGap = Math.min(settings.maxGap(), profile.modbus().maxGap());
        byGroup.forEach((g, list) -> blocks.put(g, BlockPlanner.plan(list, maxGap)));
    }

    @Override
    public List<PointDefinition> definitions() {
        return definitions;
    }

    @Override
    public Map<PointId, PointValue> values() {
        return values.values();
    }

    @Override
    public Set<PollGroup> pollGroups() {
        return blocks.keySet();
    }

    List<Block> blocks(PollGroup g) {
        return blocks.getOrDefault(g, List.of());
    }

    @Override
    public boolean writable(PointId id) {
        ModbusPoint p = points.get(id);
        return p != null && p.profile().writable();
    }

    /** False while backing off: writes wait, and only the newest goes out once the device answers again. */
    @Override
    public boolean available() {
        return backoff.due();
    }

    /** Reads every block of the poll group, unless the device is backing off. */
    @Override
    public void poll(PollGroup group) {
        if (!backoff.due()) {
            return;
        }
        counters.polls.increment();
        Instant now = clock.get();
        try {
            ensureConnected();
            for (Block b : blocks(group)) {
                readOrRefuse(b, now);
            }
            succeeded();
        } catch (IOException e) {
            failed(e);
        }
    }

    /**
     * Reads one block; an exception response faults its points only. A block whose last read was answered with
     * values and now answers an exception is asked once more at once before its points turn fault: a device that
     * restarts its Modbus server (an inverter rebooting, a j2mod slave closed and opened again) answers the first
     * request on the old session with an exception and then drops the session, which the second request finds (the
     * transport reconnects on a dropped connection), so its points are read, and a lost command re-sent, this period
     * rather than the next. A block that keeps refusing is asked once per period.
     */
    private void readOrRefuse(Block b, Instant now) throws IOException {
        boolean readWell = goodBlocks.remove(b);
        for (int attempt = 0; ; attempt++) {
            try {
                read(b, now);
                goodBlocks.add(b);
                if (!refusedBlocks.isEmpty() && refusedBlocks.remove(b)) {
                    refusals.warn("again " + b.describe(), "Modbus device {}: {} reads again", s.device(), b.describe());
                }
                return;
            } catch (ModbusExceptionResponse e) {
                if (e.deviceUnreachable()) {
                    throw new IOException(e.getMessage(), e);
                }
                if (!readWell || attempt > 0) {
                    refused(b, e, now);
                    return;
                }
                counters.rereads.increment();
            }
        }
    }

    private void refused(Block b, ModbusExceptionResponse e, Instant now) {
        refusedBlocks.add(b);
        for (ModbusPoint p : b.points()) {
            values.refused(p, e.reason(), now);
        }
        refusals.warn("block " + b.describe(), "Modbus device {}: {} answered {}; its points {} are marked fault, the other blocks keep polling",
                s.device(), b.describe(), e.reason(), b.points().stream().map(p -> p.id().name()).toList());
    }

    private void ensureConnected() throws IOException {
        if (!transport.connected()) {
            transport.connect();
        }
    }

    private void gap() {
        if (s.minGapMillis() > 0 && lastTransactionNanos != 0) {
            long waitMs = s.minGapMillis() - (System.nanoTime() - lastTransactionNanos) / 1_000_000;
            if (waitMs > 0) {
                pause.accept(waitMs);
            }
        }
        lastTransactionNanos = System.nanoTime();
        counters.transactions.increment();
    }

    private void read(Block b, Instant now) throws IOException, ModbusExceptionResponse {
        gap();
        if (b.bits()) {
            decoder.bits(b, b.table() == ModbusAddress.Table.COIL ? transport.readCoils(s.unitId(), b.start(), b.count())
                    : transport.readDiscreteInputs(s.unitId(), b.start(), b.count()), now);
        } else {
            decoder.registers(b, b.table() == ModbusAddress.Table.HOLDING_REGISTER ? transport.readHolding(s.unitId(), b.start(), b.count())
                    : transport.readInput(s.unitId(), b.start(), b.count()), now);
        }
    }

    private void succeeded() {
        int ended = backoff.succeeded();
        outage = null;
        if (ended > 0) {
            refusals.warn("answers again", "Modbus device {} answers again after {} failed attempts", s.device(), ended);
        }
    }

    private void failed(IOException e) {
        counters.deviceFailures.increment();
        transport.close();
        Backoff.Failure f = backoff.failed();
        outage = e.getMessage();
        if (f.first()) {
            String rule = e instanceof ProtocolViolation v ? v.rule().label : "io";
            refusals.warn("unreachable " + rule, "Modbus device {} unreachable: {}. Its points go stale, then fault after {} failures; "
                    + "retrying with back-off up to {} s", s.device(), e.getMessage(), s.faultAfterFailures(), s.backoffMax().toSeconds());
        }
        if (f.faultNow()) {
            values.faultAll();
        }
    }

    /** When the next attempt may be made, on the monotonic clock (for tests and metrics). */
    long nextAttemptMillis() {
        return backoff.nextAttemptMillis();
    }

    int consecutiveFailures() {
        return backoff.failures();
    }

    Optional<String> faultReason(PointId id) {
        return values.faultReason(id);
    }

    ModbusCounters counters() {
        return counters;
    }

    /** Up; degraded while unreachable or while blocks are refused (naming them). Thread-safe. */
    Health health() {
        return values.health(outage);
    }

    /** Writes an engineering value to a writable point and returns the device's answer. */
    @Override
    public WriteOutcome write(PointId id, double value) {
        ModbusPoint p = points.get(id);
        if (p == null || !p.profile().writable()) {
            return refuse(id, value, p == null ? "no such point" : "not writable");
        }
        if (!backoff.due()) {
            counters.unreachableWrites.increment();
            return WriteOutcome.unreachable("device backing off after " + backoff.failures() + " failures: " + outage);
        }
        ModbusAddress a = p.address();
        int[] words;
        try {
            OptionalInt sf = decoder.scaleFactor(a);
            if (sf.isEmpty()) {
                return refuse(id, value, "its scale factor register has not been read (or holds no valid scale factor)");
            }
            words = a.table() == ModbusAddress.Table.COIL ? null
                    : Codec.encode(Codec.toRaw(value, a, sf.getAsInt()), a.type(), a.wordOrder());
        } catch (IllegalArgumentException e) {
            return refuse(id, value, e.getMessage());
        }
        try {
            ensureConnected();
            gap();
            if (words == null) {
                transport.writeCoil(s.unitId(), a.address(), value != 0);
            } else {
                transport.writeRegisters(s.unitId(), a.address(), words, fc16Only);
            }
            counters.writes.increment();
            return WriteOutcome.accepted();
        } catch (ModbusExceptionResponse e) {
            if (e.deviceUnreachable()) {
                return unreachable(id, value, new IOException(e.getMessage(), e));
            }
            return refuse(id, value, e.reason());
        } catch (IOException e) {
            return unreachable(id, value, e);
        }
    }

    private WriteOutcome refuse(PointId id, double value, String why) {
        counters.refusedWrites.increment();
        refusals.warn("write " + id, "Modbus device {}: write {} = {} refused: {}", s.device(), id, value, why);
        return WriteOutcome.refused(why);
    }

    private WriteOutcome unreachable(PointId id, double value, IOException e) {
        counters.unreachableWrites.increment();
        failed(e);
        LOG.debug("Modbus device {}: write {} = {} failed: {}", s.device(), id, value, e.getMessage());
        return WriteOutcome.unreachable(e.getMessage());
    }

    /** Modbus has no priority array: releasing a point writes its safe value when the profile has one. */
    @Override
    public WriteOutcome relinquish(PointId id) {
        ModbusPoint p = points.get(id);
        if (p != null && p.profile().safeValue().isPresent()) {
            return write(id, p.profile().safeValue().getAsDouble());
        }
        return WriteOutcome.accepted();
    }

    @Override
    public void close() {
        transport.close();
    }
}
