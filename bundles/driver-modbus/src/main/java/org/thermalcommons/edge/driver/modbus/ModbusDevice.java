package org.thermalcommons.edge.driver.modbus;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.thermalcommons.edge.driver.support.Backoff;
import org.thermalcommons.edge.driver.support.FieldDevice;
import org.thermalcommons.edge.driver.support.Staleness;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.WriteOutcome;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Quality;
import org.thermalcommons.edge.api.profile.DeviceProfile;
import org.thermalcommons.edge.api.profile.ModbusAddress;
import org.thermalcommons.edge.api.profile.PollGroup;
import org.thermalcommons.edge.api.profile.ProfilePoint;

/**
 * One Modbus device: its points from the profile, block reads per poll group, decoding and validation of what the
 * device answers, writes, and failure handling (exponential back-off, FAULT after repeated failures, one log line per
 * outage and one per recovery). All methods but {@link #values()} and counters run on the device's own thread.
 */
final class ModbusDevice implements FieldDevice {
    private static final Logger LOG = LoggerFactory.getLogger(ModbusDevice.class);

    /** Per-device settings (see the component's metatype). */
    record Settings(String device, int unitId, int maxGap, long minGapMillis, Duration staleAfter, Duration backoffMin,
                    Duration backoffMax, int faultAfterFailures) {
    }

    private final Settings s;
    private final ModbusTransport transport;
    private final Supplier<Instant> clock;
    private final Backoff backoff;
    private final LongConsumer pause;
    private final Map<PointId, ModbusPoint> points = new HashMap<>();
    private final Map<PollGroup, List<Block>> blocks = new EnumMap<>(PollGroup.class);
    private final List<PointDefinition> definitions = new ArrayList<>();
    private final Map<PointId, PointValue> values = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> scaleFactors = new HashMap<>();
    private final Set<PointId> invalidLogged = new HashSet<>();
    final AtomicLong transactions = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong invalidResponses = new AtomicLong();
    final AtomicLong writes = new AtomicLong();
    final AtomicLong rejectedWrites = new AtomicLong();
    private long lastTransactionNanos;

    /**
     * @param clock           the gateway clock, for timestamps (it may jump: simulation, time sync)
     * @param monotonicMillis a monotonic clock for back-off
     * @param pause           sleeps the device thread for the given milliseconds (the minimum gap between transactions)
     */
    ModbusDevice(Settings settings, DeviceProfile profile, ModbusTransport transport, Supplier<Instant> clock,
                 LongSupplier monotonicMillis, LongConsumer pause) {
        if (!"modbus".equals(profile.protocol())) {
            throw new IllegalArgumentException("profile '" + profile.id() + "' is a " + profile.protocol() + " profile, not modbus");
        }
        this.s = settings;
        this.transport = transport;
        this.clock = clock;
        this.backoff = new Backoff(settings.backoffMin(), settings.backoffMax(), settings.faultAfterFailures(), monotonicMillis);
        this.pause = pause;
        Map<PollGroup, List<ModbusPoint>> byGroup = new EnumMap<>(PollGroup.class);
        for (ProfilePoint p : profile.points()) {
            ModbusPoint mp = ModbusPoint.of(settings.device(), p);
            points.put(mp.id(), mp);
            byGroup.computeIfAbsent(p.pollGroup(), g -> new ArrayList<>()).add(mp);
            definitions.add(new PointDefinition(mp.id(), p.role(), p.unit(), p.limits(), p.writable(),
                    Staleness.of(settings.staleAfter(), p.pollGroup()),
                    p.safeValue(), p.writePolicy()));
        }
        byGroup.forEach((g, list) -> blocks.put(g, BlockPlanner.plan(list, settings.maxGap())));
    }

    @Override
    public List<PointDefinition> definitions() {
        return definitions;
    }

    @Override
    public Map<PointId, PointValue> values() {
        return values;
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

    /** Reads every block of the poll group, unless the device is backing off. */
    @Override
    public void poll(PollGroup group) {
        Instant now = clock.get();
        if (!backoff.due()) {
            return;
        }
        try {
            ensureConnected();
            for (Block b : blocks(group)) {
                read(b, now);
            }
            succeeded();
        } catch (IOException e) {
            failed(e);
        }
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
        transactions.incrementAndGet();
    }

    private void read(Block b, Instant now) throws IOException {
        gap();
        if (b.bits()) {
            boolean[] bits = b.table() == ModbusAddress.Table.COIL ? transport.readCoils(s.unitId(), b.start(), b.count())
                    : transport.readDiscreteInputs(s.unitId(), b.start(), b.count());
            for (ModbusPoint p : b.points()) {
                accept(p, bits[p.first() - b.start()] ? 1 : 0, now);
            }
            return;
        }
        int[] words = b.table() == ModbusAddress.Table.HOLDING_REGISTER ? transport.readHolding(s.unitId(), b.start(), b.count())
                : transport.readInput(s.unitId(), b.start(), b.count());
        for (int sf : b.scaleFactorRegisters()) {
            scaleFactors.put(sf, (int) (short) words[sf - b.start()]);
        }
        for (ModbusPoint p : b.points()) {
            ModbusAddress a = p.address();
            double raw = Codec.decode(words, p.first() - b.start(), a.type(), a.wordOrder());
            Integer sf = a.scaleFactorRegister().isPresent() ? scaleFactors.get(a.scaleFactorRegister().getAsInt()) : Integer.valueOf(0);
            if (sf == null || sf < -10 || sf > 10) {
                invalid(p, "scale factor register " + a.scaleFactorRegister().getAsInt() + " holds " + sf + " (must be -10..10)", now);
                continue;
            }
            accept(p, Codec.toEngineering(raw, a, sf), now);
        }
    }

    private void accept(ModbusPoint p, double value, Instant now) {
        if (!Double.isFinite(value) || !p.profile().limits().contains(value)) {
            invalid(p, "value " + value + " outside its plausible range " + p.profile().limits().min() + ".."
                    + p.profile().limits().max(), now);
            return;
        }
        if (!invalidLogged.isEmpty() && invalidLogged.remove(p.id())) {
            LOG.info("Modbus device {}: {} reads plausible values again", s.device(), p.id());
        }
        values.put(p.id(), PointValue.good(p.id(), value, p.profile().unit(), now));
    }

    private void invalid(ModbusPoint p, String why, Instant now) {
        invalidResponses.incrementAndGet();
        if (invalidLogged.add(p.id())) {
            LOG.warn("Modbus device {}: {} rejected: {}; the point is marked fault", s.device(), p.id(), why);
        }
        PointValue old = values.get(p.id());
        values.put(p.id(), new PointValue(p.id(), old == null ? 0 : old.value(), p.profile().unit(), Quality.FAULT,
                old == null ? now : old.timestamp()));
    }

    private void succeeded() {
        int ended = backoff.succeeded();
        if (ended > 0) {
            LOG.info("Modbus device {} answers again after {} failed attempts", s.device(), ended);
        }
    }

    private void failed(IOException e) {
        failures.incrementAndGet();
        transport.close();
        Backoff.Failure f = backoff.failed();
        if (f.first()) {
            LOG.warn("Modbus device {} unreachable: {}. Its points go stale, then fault after {} failures; retrying with back-off up to {} s",
                    s.device(), e.getMessage(), s.faultAfterFailures(), s.backoffMax().toSeconds());
        }
        if (f.faultNow()) {
            values.replaceAll((id, v) -> v.withQuality(Quality.FAULT));
        }
    }

    /** When the next attempt may be made, on the monotonic clock (for tests and metrics). */
    long nextAttemptMillis() {
        return backoff.nextAttemptMillis();
    }

    int consecutiveFailures() {
        return backoff.failures();
    }

    /** Writes an engineering value to a writable point. Failures are logged and counted. */
    @Override
    public WriteOutcome write(PointId id, double value) {
        ModbusPoint p = points.get(id);
        if (p == null || !p.profile().writable()) {
            rejectedWrites.incrementAndGet();
            String why = p == null ? "no such point" : "not writable";
            LOG.warn("Modbus device {}: write to {} rejected: {}", s.device(), id, why);
            return WriteOutcome.refused(why);
        }
        ModbusAddress a = p.address();
        try {
            int sf = 0;
            if (a.scaleFactorRegister().isPresent()) {
                Integer known = scaleFactors.get(a.scaleFactorRegister().getAsInt());
                if (known == null) {
                    throw new IllegalArgumentException("its scale factor has not been read yet");
                }
                sf = known;
            }
            ensureConnected();
            gap();
            if (a.table() == ModbusAddress.Table.COIL) {
                transport.writeCoil(s.unitId(), a.address(), value != 0);
            } else {
                transport.writeRegisters(s.unitId(), a.address(), Codec.encode(Codec.toRaw(value, a, sf), a.type(), a.wordOrder()));
            }
            writes.incrementAndGet();
            return WriteOutcome.accepted();
        } catch (IllegalArgumentException e) {
            rejectedWrites.incrementAndGet();
            LOG.warn("Modbus device {}: write {} = {} rejected: {}", s.device(), id, value, e.getMessage());
            return WriteOutcome.refused(e.getMessage());
        } catch (IOException e) {
            rejectedWrites.incrementAndGet();
            failed(e);
            LOG.warn("Modbus device {}: write {} = {} failed: {}", s.device(), id, value, e.getMessage());
            return WriteOutcome.unreachable(e.getMessage());
        }
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
