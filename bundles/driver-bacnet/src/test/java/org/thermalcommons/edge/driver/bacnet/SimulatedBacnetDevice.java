package org.thermalcommons.edge.driver.bacnet;

import com.serotonin.bacnet4j.LocalDevice;
import com.serotonin.bacnet4j.obj.AnalogInputObject;
import com.serotonin.bacnet4j.obj.AnalogValueObject;
import com.serotonin.bacnet4j.obj.BinaryInputObject;
import com.serotonin.bacnet4j.transport.DefaultTransport;
import com.serotonin.bacnet4j.type.enumerated.BinaryPV;
import com.serotonin.bacnet4j.type.enumerated.EngineeringUnits;
import com.serotonin.bacnet4j.type.enumerated.Polarity;
import com.serotonin.bacnet4j.type.enumerated.PropertyIdentifier;
import com.serotonin.bacnet4j.type.primitive.Real;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import org.thermalcommons.edge.driver.bacnet.link.BacnetIpLink;

/** A zone controller served by a real bacnet4j LocalDevice on loopback (for the driver's tests). */
final class SimulatedBacnetDevice implements AutoCloseable {
    final LocalDevice device;
    final int port;
    final AnalogInputObject temp;
    final AnalogValueObject setpoint;
    final AnalogValueObject heating;

    SimulatedBacnetDevice(int instance, int port, boolean rpm) throws Exception {
        this.port = port;
        // The same link layer as the gateway: it hears broadcast Who-Is (bacnet4j's own IpNetwork bound to 127.0.0.1 does not).
        device = new LocalDevice(instance, new DefaultTransport(BacnetIpLink.of("127.0.0.1", "127.255.255.255", port)));
        if (!rpm) {
            device.getServicesSupported().setReadPropertyMultiple(false);
        }
        device.initialize();
        temp = new AnalogInputObject(device, 1, "temp", 24.5f, EngineeringUnits.degreesCelsius, false).supportCovReporting(0.1f);
        new AnalogInputObject(device, 2, "humidity", 60f, EngineeringUnits.percentRelativeHumidity, false);
        setpoint = new AnalogValueObject(device, 3, "cooling-setpoint", 24f, EngineeringUnits.degreesCelsius, false)
                .supportCommandable(24f).supportCovReporting(0.1f);
        new BinaryInputObject(device, 4, "occupancy", BinaryPV.active, false, Polarity.normal);
        new AnalogInputObject(device, 5, "cooling-power", 7.5f, EngineeringUnits.kilowatts, false);
        heating = new AnalogValueObject(device, 6, "heating-setpoint", 20f, EngineeringUnits.degreesCelsius, false).supportCommandable(20f);
    }

    void setTemp(float v) {
        temp.writePropertyInternal(PropertyIdentifier.presentValue, new Real(v));
    }

    /** COV subscriptions the device holds now. */
    int covSubscriptions() {
        return device.getCovContexts().values().stream().mapToInt(java.util.List::size).sum();
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        device.terminate();
    }
}
