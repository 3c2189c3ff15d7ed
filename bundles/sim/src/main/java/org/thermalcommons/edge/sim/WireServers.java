package org.thermalcommons.edge.sim;

import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import com.serotonin.bacnet4j.LocalDevice;
import com.serotonin.bacnet4j.obj.AnalogInputObject;
import com.serotonin.bacnet4j.obj.AnalogValueObject;
import com.serotonin.bacnet4j.obj.BACnetObject;
import com.serotonin.bacnet4j.obj.BinaryInputObject;
import com.serotonin.bacnet4j.obj.BinaryValueObject;
import com.serotonin.bacnet4j.transport.DefaultTransport;
import com.serotonin.bacnet4j.type.enumerated.BinaryPV;
import com.serotonin.bacnet4j.type.enumerated.EngineeringUnits;
import com.serotonin.bacnet4j.type.enumerated.Polarity;
import com.serotonin.bacnet4j.type.enumerated.PropertyIdentifier;
import com.serotonin.bacnet4j.type.primitive.CharacterString;
import com.serotonin.bacnet4j.type.primitive.Real;
import java.net.InetAddress;
import org.thermalcommons.edge.driver.bacnet.link.BacnetIpLink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.profile.BacnetAddress;
import org.thermalcommons.edge.api.profile.DeviceProfile;
import org.thermalcommons.edge.api.profile.ModbusAddress;
import org.thermalcommons.edge.api.profile.ProfilePoint;

/**
 * Serves the simulated building over real protocols on loopback, laid out by the device profiles: every zone as a
 * BACnet/IP device (its own port, objects from the zone-controller profile, COV and a commandable setpoint), the
 * battery inverter, the site meter and (when the building has one) the heat pump as Modbus TCP servers (registers
 * from their profiles). Each profile point is bound to the simulation point with the same role, so the layout cannot
 * drift from what the drivers read. Every server holds the simulation's values before it opens, so a client never
 * reads an uninitialised register. Values written by clients outside the profile point's limits are refused (the
 * register or object is set back), logged and counted. {@link #publish} and {@link #collectWrites} run on the
 * simulation's stepping thread.
 */
final class WireServers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WireServers.class);

    /** A profile point bound to a simulation point. */
    private record Binding(ProfilePoint profile, PointId sim) {
    }

    private record BacnetServer(LocalDevice device, List<Binding> bindings, List<BACnetObject> objects, double[] lastSeen) {
    }

    private record ModbusServer(ModbusSlave slave, SimpleProcessImage image, List<Binding> bindings, double[] lastWritten) {
    }

    private final List<BacnetServer> bacnet = new ArrayList<>();
    private final List<ModbusServer> modbus = new ArrayList<>();
    private double importKwh;
    private double exportKwh;
    private final AtomicLong rejectedWrites = new AtomicLong();
    private final double zoneSetpointMax;

    /**
     * @param sim              the simulation's point definitions
     * @param initial          the simulation's current values, served from the start
     * @param zoneProfile      BACnet profile for each zone
     * @param batteryProfile   Modbus profile of the battery inverter
     * @param meterProfile     Modbus profile of the site meter
     * @param heatPumpProfile  Modbus profile of the heat pump, when the building has one (served on modbusBasePort + 2)
     */
    WireServers(List<PointDefinition> sim, Map<PointId, PointValue> initial, DeviceProfile zoneProfile, DeviceProfile batteryProfile, DeviceProfile meterProfile,
                Optional<DeviceProfile> heatPumpProfile, int bacnetBasePort, int firstZoneInstance, int modbusBasePort) throws Exception {
        this(sim, initial, zoneProfile, batteryProfile, meterProfile, heatPumpProfile, bacnetBasePort, firstZoneInstance, modbusBasePort,
                Double.POSITIVE_INFINITY);
    }

    /**
     * @param zoneSetpointMax the highest value the zone controllers' commandable analog values accept (their own
     *                        max-pres-value, as an installer narrows it below the profile's range); a higher write is
     *                        refused with {@code property: value-out-of-range}
     */
    WireServers(List<PointDefinition> sim, Map<PointId, PointValue> initial, DeviceProfile zoneProfile, DeviceProfile batteryProfile, DeviceProfile meterProfile,
                Optional<DeviceProfile> heatPumpProfile, int bacnetBasePort, int firstZoneInstance, int modbusBasePort,
                double zoneSetpointMax) throws Exception {
        this.zoneSetpointMax = zoneSetpointMax;
        try {
            List<String> zones = sim.stream().map(d -> d.id().device()).filter(d -> d.startsWith("zone-")).distinct().sorted().toList();
            for (int i = 0; i < zones.size(); i++) {
                bacnet.add(bacnetZone(bind(zoneProfile, sim, List.of(zones.get(i))), initial, firstZoneInstance + i, bacnetBasePort + i));
            }
            modbus.add(modbusDevice(bind(batteryProfile, sim, List.of("battery")), initial, modbusBasePort));
            modbus.add(modbusDevice(bind(meterProfile, sim, List.of("site", "pv")), initial, modbusBasePort + 1));
            if (heatPumpProfile.isPresent()) {
                modbus.add(modbusDevice(bind(heatPumpProfile.get(), sim, List.of("heatpump")), initial, modbusBasePort + 2));
            }
            LOG.info("Simulated building on the wire: {} BACnet zone devices on 127.0.0.1:{}-{} (instances {}..), Modbus battery on :{}, meter on :{}{}",
                    zones.size(), bacnetBasePort, bacnetBasePort + zones.size() - 1, firstZoneInstance, modbusBasePort, modbusBasePort + 1,
                    heatPumpProfile.isPresent() ? ", heat pump on :" + (modbusBasePort + 2) : "");
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    private static List<Binding> bind(DeviceProfile profile, List<PointDefinition> sim, List<String> devices) {
        List<Binding> out = new ArrayList<>();
        for (ProfilePoint p : profile.points()) {
            Optional<PointDefinition> match = sim.stream().filter(d -> devices.contains(d.id().device()) && d.role().equals(p.role())).findFirst();
            // Points the simulation has no counterpart for (e.g. energy counters) are served by this class itself.
            out.add(new Binding(p, match.map(PointDefinition::id).orElse(null)));
        }
        return out;
    }

    private BacnetServer bacnetZone(List<Binding> bindings, Map<PointId, PointValue> initial, int instance, int port) throws Exception {
        // The gateway's own BACnet/IP link: it hears broadcast Who-Is on loopback (bacnet4j's IpNetwork does not).
        LocalDevice d = new LocalDevice(instance, new DefaultTransport(BacnetIpLink.of("127.0.0.1", "127.255.255.255", port)));
        // Its identity as a commissioning tool (and the gateway's directory) sees it; the vendor id stays bacnet4j's.
        d.getDeviceObject().writePropertyInternal(PropertyIdentifier.objectName, new CharacterString("simulated zone controller " + instance));
        d.getDeviceObject().writePropertyInternal(PropertyIdentifier.vendorName, new CharacterString("Thermal Commons (simulation)"));
        d.getDeviceObject().writePropertyInternal(PropertyIdentifier.modelName, new CharacterString(BacnetZoneObjects.MODEL));
        d.initialize();
        List<BACnetObject> objects = new ArrayList<>();
        for (Binding b : bindings) {
            BacnetAddress a = (BacnetAddress) b.profile().address();
            String name = b.profile().name();
            // A commanded point starts at (and falls back to, when relinquished) the simulation's own value.
            PointValue v = b.sim() == null ? null : initial.get(b.sim());
            float start = v != null ? (float) v.value() : (float) b.profile().safeValue().orElse(0);
            EngineeringUnits units = BacnetZoneObjects.units(b.profile().unit());
            BACnetObject o = switch (a.objectType()) {
                case "analog-input" -> new AnalogInputObject(d, a.instance(), name, start, units, false).supportCovReporting(0.05f);
                case "analog-value" -> b.profile().writable()
                        ? new BacnetZoneObjects.RangedAnalogValue(d, a.instance(), name, start, units,
                                BacnetZoneObjects.deviceRange(b.profile().limits(), zoneSetpointMax))
                                .supportCommandable(start).supportCovReporting(0.05f)
                        : new AnalogValueObject(d, a.instance(), name, start, units, false).supportCovReporting(0.05f);
                case "binary-input" -> new BinaryInputObject(d, a.instance(), name, BinaryPV.inactive, false, Polarity.normal).supportCovReporting();
                case "binary-value" -> new BinaryValueObject(d, a.instance(), name, BinaryPV.inactive, false);
                default -> throw new IllegalArgumentException("simulation cannot serve BACnet object type " + a.objectType());
            };
            objects.add(o);
        }
        // What the simulation already has counts as seen: only a change made over the wire is applied.
        double[] seen = new double[bindings.size()];
        for (int i = 0; i < seen.length; i++) {
            Binding b = bindings.get(i);
            PointValue v = b.sim() == null ? null : initial.get(b.sim());
            seen[i] = v != null ? (float) v.value() : Double.NaN;
        }
        BacnetServer server = new BacnetServer(d, bindings, objects, seen);
        publishBacnet(server, initial);
        return server;
    }

    private ModbusServer modbusDevice(List<Binding> bindings, Map<PointId, PointValue> initial, int port) throws Exception {
        int regs = 0;
        int bits = 0;
        for (Binding b : bindings) {
            ModbusAddress a = (ModbusAddress) b.profile().address();
            if (a.type() == ModbusAddress.DataType.BOOL) {
                bits = Math.max(bits, a.address() + 1);
            } else {
                regs = Math.max(regs, a.address() + a.type().registers());
            }
            if (a.scaleFactorRegister().isPresent()) {
                regs = Math.max(regs, a.scaleFactorRegister().getAsInt() + 1);
            }
        }
        SimpleProcessImage img = new SimpleProcessImage(1);
        for (int i = 0; i < regs; i++) {
            img.addRegister(new SimpleRegister(0));
            img.addInputRegister(new SimpleInputRegister(0));
        }
        for (int i = 0; i < bits; i++) {
            img.addDigitalOut(new SimpleDigitalOut(false));
            img.addDigitalIn(new SimpleDigitalIn(false));
        }
        for (Binding b : bindings) {
            ModbusAddress a = (ModbusAddress) b.profile().address();
            // SunSpec-style scale factor: -1 (one decimal).
            a.scaleFactorRegister().ifPresent(sf -> img.getRegister(sf).setValue(0xFFFF));
        }
        // j2mod serves each open connection on a thread of this pool: room for many gateways and tools at once.
        double[] last = new double[bindings.size()];
        java.util.Arrays.fill(last, Double.NaN);
        ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 32, false);
        ModbusServer server = new ModbusServer(slave, img, bindings, last);
        publishModbus(server, initial);
        slave.addProcessImage(1, img);
        slave.open();
        return server;
    }

    /** Pushes the simulation's current values to every server (read-only points; commanded points belong to the wire). */
    void publish(Map<PointId, PointValue> values, double dtHours, double gridKw) {
        if (gridKw > 0) {
            importKwh += gridKw * dtHours;
        } else {
            exportKwh += -gridKw * dtHours;
        }
        for (BacnetServer s : bacnet) {
            publishBacnet(s, values);
        }
        for (ModbusServer s : modbus) {
            publishModbus(s, values);
        }
    }

    private static void publishBacnet(BacnetServer s, Map<PointId, PointValue> values) {
        for (int i = 0; i < s.bindings().size(); i++) {
            Binding b = s.bindings().get(i);
            PointValue v = b.sim() == null ? null : values.get(b.sim());
            if (v == null || b.profile().writable()) {
                continue;
            }
            BACnetObject o = s.objects().get(i);
            if (o instanceof BinaryInputObject || o instanceof BinaryValueObject) {
                o.writePropertyInternal(PropertyIdentifier.presentValue, v.value() != 0 ? BinaryPV.active : BinaryPV.inactive);
            } else {
                o.writePropertyInternal(PropertyIdentifier.presentValue, new Real((float) v.value()));
            }
        }
    }

    private void publishModbus(ModbusServer s, Map<PointId, PointValue> values) {
        for (int i = 0; i < s.bindings().size(); i++) {
            Binding b = s.bindings().get(i);
            ModbusAddress a = (ModbusAddress) b.profile().address();
            double value;
            if (b.sim() != null) {
                PointValue v = values.get(b.sim());
                if (v == null) {
                    continue;
                }
                value = v.value();
            } else if (b.profile().role().equals(Role.ENERGY_IMPORT_SENSOR)) {
                value = importKwh;
            } else if (b.profile().role().equals(Role.ENERGY_EXPORT_SENSOR)) {
                value = exportKwh;
            } else {
                value = 0;
            }
            if (b.profile().writable()) {
                if (!Double.isNaN(s.lastWritten()[i])) {
                    continue;
                }
                s.lastWritten()[i] = value;
            }
            set(s.image(), a, value);
        }
    }

    /** Applies values the gateway wrote over the wire to the simulation. */
    void collectWrites(BiConsumer<PointId, Double> apply) {
        for (BacnetServer s : bacnet) {
            for (int i = 0; i < s.bindings().size(); i++) {
                Binding b = s.bindings().get(i);
                if (b.profile().writable() && b.sim() != null) {
                    Real r = s.objects().get(i).get(PropertyIdentifier.presentValue);
                    double v = r.floatValue();
                    if (v == s.lastSeen()[i]) {
                        continue;
                    }
                    s.lastSeen()[i] = v;
                    if (!b.profile().limits().contains(v)) {
                        rejectedWrites.incrementAndGet();
                        LOG.warn("Simulated BACnet device {}: {} = {} written over the wire is outside {}..{}; ignored, the simulation keeps its setpoint",
                                s.device().getInstanceNumber(), b.profile().name(), v, b.profile().limits().min(), b.profile().limits().max());
                        continue;
                    }
                    apply.accept(b.sim(), v);
                }
            }
        }
        for (ModbusServer s : modbus) {
            for (int i = 0; i < s.bindings().size(); i++) {
                Binding b = s.bindings().get(i);
                if (b.profile().writable() && b.sim() != null) {
                    ModbusAddress a = (ModbusAddress) b.profile().address();
                    double v = get(s.image(), a);
                    if (v == s.lastWritten()[i]) {
                        continue;
                    }
                    if (!b.profile().limits().contains(v)) {
                        rejectedWrites.incrementAndGet();
                        LOG.warn("Simulated Modbus device on :{}: {} = {} written over the wire is outside {}..{}; refused, register set back to {}",
                                s.slave().getPort(), b.profile().name(), v, b.profile().limits().min(), b.profile().limits().max(), s.lastWritten()[i]);
                        set(s.image(), a, s.lastWritten()[i]);
                        continue;
                    }
                    s.lastWritten()[i] = v;
                    apply.accept(b.sim(), v);
                }
            }
        }
    }

    private static int sf(SimpleProcessImage img, ModbusAddress a) {
        return a.scaleFactorRegister().isPresent() ? (short) img.getRegister(a.scaleFactorRegister().getAsInt()).getValue() : 0;
    }

    /** Encodes an engineering value into the process image (inverse of the driver's decoding). */
    static void set(SimpleProcessImage img, ModbusAddress a, double value) {
        if (a.type() == ModbusAddress.DataType.BOOL) {
            boolean on = value != 0;
            if (a.table() == ModbusAddress.Table.COIL) {
                img.setDigitalOut(a.address(), new SimpleDigitalOut(on));
            } else {
                img.setDigitalIn(a.address(), new SimpleDigitalIn(on));
            }
            return;
        }
        double raw = (value - a.offset()) / (a.scale() * Math.pow(10, sf(img, a)));
        int[] words = RegisterWords.encode(raw, a.type(), a.wordOrder());
        for (int k = 0; k < words.length; k++) {
            if (a.table() == ModbusAddress.Table.HOLDING_REGISTER) {
                img.getRegister(a.address() + k).setValue(words[k]);
            } else {
                img.setInputRegister(a.address() + k, new SimpleInputRegister(words[k]));
            }
        }
    }

    static double get(SimpleProcessImage img, ModbusAddress a) {
        int[] w = new int[a.type().registers()];
        for (int k = 0; k < w.length; k++) {
            w[k] = img.getRegister(a.address() + k).getValue() & 0xFFFF;
        }
        return RegisterWords.decode(w, a.type(), a.wordOrder()) * a.scale() * Math.pow(10, sf(img, a)) + a.offset();
    }

    /** Writes refused since the servers opened (outside the profile's limits). */
    long rejectedWrites() {
        return rejectedWrites.get();
    }

    @Override
    public void close() {
        for (ModbusServer s : modbus) {
            ModbusSlaveFactory.close(s.slave());
        }
        for (BacnetServer s : bacnet) {
            Thread t = new Thread(s.device()::terminate, "cool-edge-sim-bacnet-stop");
            t.setDaemon(true);
            t.start();
        }
        modbus.clear();
        bacnet.clear();
    }
}
