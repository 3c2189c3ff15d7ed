package org.thermalcommons.edge.itests;

import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import com.serotonin.bacnet4j.LocalDevice;
import com.serotonin.bacnet4j.npdu.ip.IpNetworkBuilder;
import com.serotonin.bacnet4j.obj.AnalogInputObject;
import com.serotonin.bacnet4j.obj.AnalogValueObject;
import com.serotonin.bacnet4j.obj.BinaryInputObject;
import com.serotonin.bacnet4j.transport.DefaultTransport;
import com.serotonin.bacnet4j.type.Encodable;
import com.serotonin.bacnet4j.type.constructed.PriorityArray;
import com.serotonin.bacnet4j.type.enumerated.BinaryPV;
import com.serotonin.bacnet4j.type.enumerated.EngineeringUnits;
import com.serotonin.bacnet4j.type.enumerated.Polarity;
import com.serotonin.bacnet4j.type.enumerated.PropertyIdentifier;
import com.serotonin.bacnet4j.type.primitive.Real;
import java.net.InetAddress;

/**
 * Field devices the itests own and can restart, on loopback, served by the protocol libraries themselves (bacnet4j,
 * j2mod): a BACnet zone controller and a Modbus battery inverter laid out as the shipped profiles
 * {@code bacnet-zone-controller} and {@code modbus-battery-inverter}. A restart loses every command, as a real
 * device's power cycle does (empty priority array; setpoint register back at 0).
 */
final class LoopbackDevices {
    private LoopbackDevices() {
    }

    /** A BACnet zone controller: temp AI1, humidity AI2, commandable cooling setpoint AV3 (default 24), BI4, AI5. */
    static final class Zone implements AutoCloseable {
        private final int instance;
        private final int port;
        private final float temp;
        private LocalDevice device;
        private AnalogValueObject setpoint;

        Zone(int instance, int port, float temp) throws Exception {
            this.instance = instance;
            this.port = port;
            this.temp = temp;
            start();
        }

        private void start() throws Exception {
            DefaultTransport t = new DefaultTransport(new IpNetworkBuilder().withLocalBindAddress("127.0.0.1")
                    .withBroadcast("127.255.255.255", 8).withPort(port).withReuseAddress(true).build());
            device = new LocalDevice(instance, t);
            device.initialize();
            new AnalogInputObject(device, 1, "temp", temp, EngineeringUnits.degreesCelsius, false);
            new AnalogInputObject(device, 2, "humidity", 55f, EngineeringUnits.percentRelativeHumidity, false);
            setpoint = new AnalogValueObject(device, 3, "cooling-setpoint", 24f, EngineeringUnits.degreesCelsius, false)
                    .supportCommandable(24f);
            new BinaryInputObject(device, 4, "occupancy", BinaryPV.active, false, Polarity.normal);
            new AnalogInputObject(device, 5, "cooling-power", 3f, EngineeringUnits.kilowatts, false);
        }

        /** The value at a priority slot, NaN when that slot is empty. */
        synchronized double atPriority(int priority) throws Exception {
            PriorityArray pa = setpoint.readProperty(PropertyIdentifier.priorityArray);
            Encodable v = pa.getBase1(priority).getValue();
            return v instanceof Real r ? r.floatValue() : Double.NaN;
        }

        synchronized double presentValue() throws Exception {
            return ((Real) setpoint.readProperty(PropertyIdentifier.presentValue)).floatValue();
        }

        /** Power cycle: the device goes away and comes back on the same port with an empty priority array. */
        synchronized void restart() throws Exception {
            device.terminate();
            start();
        }

        @Override
        public synchronized void close() {
            LocalDevice d = device;
            Thread t = new Thread(d::terminate, "itest-zone-stop");
            t.setDaemon(true);
            t.start();
        }
    }

    /** A Modbus TCP battery inverter: holding registers 100..110 as in the profile, SOC 50 %. */
    static final class Battery implements AutoCloseable {
        private final int port;
        private ModbusSlave slave;
        private SimpleProcessImage image;

        Battery(int port) throws Exception {
            this.port = port;
            start();
        }

        private void start() throws Exception {
            image = new SimpleProcessImage(1);
            for (int i = 0; i < 120; i++) {
                image.addRegister(new SimpleRegister(i == 100 ? 50 : i == 106 || i == 107 ? 1000 : 0));
            }
            slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 4, false);
            slave.addProcessImage(1, image);
            slave.open();
        }

        /** The power setpoint as the device holds it (int32 big-endian, 1 W per count), in kW. */
        synchronized double setpointKw() {
            int hi = image.getRegister(104).getValue();
            int lo = image.getRegister(105).getValue();
            return ((hi << 16) | lo) / 1000.0;
        }

        /** Power cycle: the inverter comes back with its setpoint register at 0. */
        synchronized void restart() throws Exception {
            ModbusSlaveFactory.close(slave);
            start();
        }

        @Override
        public synchronized void close() {
            ModbusSlaveFactory.close(slave);
        }
    }
}
