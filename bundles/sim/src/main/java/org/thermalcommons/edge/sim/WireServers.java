package org.thermalcommons.edge.sim;

import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import com.serotonin.bacnet4j.LocalDevice;
import com.serotonin.bacnet4j.npdu.ip.IpNetworkBuilder;
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
import com.serotonin.bacnet4j.type.primitive.Real;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * battery inverter and the site meter as Modbus TCP servers (registers from their profiles). Each profile point is
 * bound to the simulation point with the same role, so the layout cannot drift from what the drivers read.
 * {@link #publish} and {@link #collectWrites} run on the simulation's stepping thread.
 */
final class WireServers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WireServers.class);

    /** A profile point bound to a simulation point. */
    private record Binding(ProfilePoint profile, PointId sim) {
    }

    private record BacnetServer(LocalDevice device, List<Binding> bindings, List<BACnetObject> objects) {
    }

    private record ModbusServer(ModbusSlave slave, SimpleProcessImage image, List<Binding> bindings, double[] lastWritten) {
    }

    private final List<BacnetServer> bacnet = new ArrayList<>();
    private final List<ModbusServer> modbus = new ArrayList<>();
    private double importKwh;
    private double exportKwh;

    /**
     * @param sim              the simulation's point definitions
     * @param zoneProfile      BACnet profile for each zone
     * @param batteryProfile   Modbus profile of the battery inverter
     * @param meterProfile     Modbus profile of the site meter
     * @param heatPumpProfile  Modbus profile of the heat pump, when the building has one (served on modbusBasePort + 2)
     */
    WireServers(List<PointDefinition> sim, DeviceProfile zoneProfile, DeviceProfile batteryProfile, DeviceProfile meterProfile,
                Optional<DeviceProfile> heatPumpProfile, int bacnetBasePort, int firstZoneInstance, int modbusBasePort) throws Exception {
        try {
            List<String> zones = sim.stream().map(d -> d.id().device()).filter(d -> d.startsWith("zone-")).distinct().sorted().toList();
            for (int i = 0; i < zones.size(); i++) {
                bacnet.add(bacnetZone(zoneProfile, bind(zoneProfile, sim, List.of(zones.get(i))), firstZoneInstance + i, bacnetBasePort + i));
            }
            modbus.add(modbusDevice(batteryProfile, bind(batteryProfile, sim, List.of("battery")), modbusBasePort));
            modbus.add(modbusDevice(meterProfile, bind(meterProfile, sim, List.of("site", "pv")), modbusBasePort + 1));
            if (heatPumpProfile.isPresent()) {
                modbus.add(modbusDevice(heatPumpProfile.get(), bind(heatPumpProfile.get(), sim, List.of("heatpump")), modbusBasePort + 2));
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

    private static BacnetServer bacnetZone(DeviceProfile profile, List<Binding> bindings, int instance, int port) throws Exception {
        LocalDevice d = new LocalDevice(instance, new DefaultTransport(new IpNetworkBuilder().withLocalBindAddress("127.0.0.1")
                .withBroadcast("127.255.255.255", 8).withPort(port).withReuseAddress(true).build()));
        d.initialize();
        List<BACnetObject> objects = new ArrayList<>();
        for (Binding b : bindings) {
            BacnetAddress a = (BacnetAddress) b.profile().address();
            String name = b.profile().name();
            BACnetObject o = switch (a.objectType()) {
                case "analog-input" -> new AnalogInputObject(d, a.instance(), name, 0f, EngineeringUnits.noUnits, false).supportCovReporting(0.05f);
                case "analog-value" -> b.profile().writable()
                        ? new AnalogValueObject(d, a.instance(), name, 24f, EngineeringUnits.noUnits, false)
                                .supportCommandable((float) b.profile().safeValue().orElse(24)).supportCovReporting(0.05f)
                        : new AnalogValueObject(d, a.instance(), name, 0f, EngineeringUnits.noUnits, false).supportCovReporting(0.05f);
                case "binary-input" -> new BinaryInputObject(d, a.instance(), name, BinaryPV.inactive, false, Polarity.normal).supportCovReporting();
                case "binary-value" -> new BinaryValueObject(d, a.instance(), name, BinaryPV.inactive, false);
                default -> throw new IllegalArgumentException("simulation cannot serve BACnet object type " + a.objectType());
            };
            objects.add(o);
        }
        return new BacnetServer(d, bindings, objects);
    }

    private static ModbusServer modbusDevice(DeviceProfile profile, List<Binding> bindings, int port) throws Exception {
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
        ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 32, false);
        slave.addProcessImage(1, img);
        slave.open();
        double[] last = new double[bindings.size()];
        java.util.Arrays.fill(last, Double.NaN);
        return new ModbusServer(slave, img, bindings, last);
    }

    /** Pushes the simulation's current values to every server (read-only points; commanded points belong to the wire). */
    void publish(Map<PointId, PointValue> values, double dtHours, double gridKw) {
        if (gridKw > 0) {
            importKwh += gridKw * dtHours;
        } else {
            exportKwh += -gridKw * dtHours;
        }
        for (BacnetServer s : bacnet) {
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
        for (ModbusServer s : modbus) {
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
    }

    /** Applies values the gateway wrote over the wire to the simulation. */
    void collectWrites(BiConsumer<PointId, Double> apply) {
        for (BacnetServer s : bacnet) {
            for (int i = 0; i < s.bindings().size(); i++) {
                Binding b = s.bindings().get(i);
                if (b.profile().writable() && b.sim() != null) {
                    Real r = s.objects().get(i).get(PropertyIdentifier.presentValue);
                    apply.accept(b.sim(), (double) r.floatValue());
                }
            }
        }
        for (ModbusServer s : modbus) {
            for (int i = 0; i < s.bindings().size(); i++) {
                Binding b = s.bindings().get(i);
                if (b.profile().writable() && b.sim() != null) {
                    double v = get(s.image(), (ModbusAddress) b.profile().address());
                    if (v != s.lastWritten()[i]) {
                        s.lastWritten()[i] = v;
                        apply.accept(b.sim(), v);
                    }
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
