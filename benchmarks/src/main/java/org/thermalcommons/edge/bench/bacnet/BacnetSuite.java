package org.thermalcommons.edge.bench.bacnet;

import com.serotonin.bacnet4j.LocalDevice;
import com.serotonin.bacnet4j.npdu.ip.IpNetworkBuilder;
import com.serotonin.bacnet4j.npdu.ip.IpNetworkUtils;
import com.serotonin.bacnet4j.obj.AnalogValueObject;
import com.serotonin.bacnet4j.service.acknowledgement.ReadPropertyMultipleAck;
import com.serotonin.bacnet4j.service.confirmed.ReadPropertyMultipleRequest;
import com.serotonin.bacnet4j.transport.DefaultTransport;
import com.serotonin.bacnet4j.type.constructed.Address;
import com.serotonin.bacnet4j.type.constructed.ReadAccessResult;
import com.serotonin.bacnet4j.type.constructed.ReadAccessSpecification;
import com.serotonin.bacnet4j.type.constructed.SequenceOf;
import com.serotonin.bacnet4j.type.enumerated.EngineeringUnits;
import com.serotonin.bacnet4j.type.enumerated.ObjectType;
import com.serotonin.bacnet4j.type.enumerated.PropertyIdentifier;
import com.serotonin.bacnet4j.type.primitive.ObjectIdentifier;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.thermalcommons.edge.bench.Figures;
import org.thermalcommons.edge.bench.Suite;
import org.thermalcommons.edge.driver.bacnet.BacnetBench;

/**
 * 1,000 analog values on a bacnet4j device over loopback, read for a fixed time through the driver's poll path
 * (RPM batched to the device's APDU and segmentation, decoding, validation, point values) and directly with bacnet4j
 * ReadPropertyMultiple requests of the same batch size, in one run. {@code driver_default_points_per_s} is the driver
 * with the settings a device gets unless a site tunes them (the components' defaults: COV on, which these objects
 * refuse, so every point stays on polling; the network's 3 s request deadline).
 */
public final class BacnetSuite implements Suite {
    static final int POINTS = 1000;
    static final long MILLIS = Long.getLong("bacnet.millis", 5000);

    @Override
    public String name() {
        return "bacnet";
    }

    static int freeUdp() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static LocalDevice device(int instance, int port) throws Exception {
        LocalDevice d = new LocalDevice(instance, new DefaultTransport(new IpNetworkBuilder().withLocalBindAddress("127.0.0.1")
                .withBroadcast("127.255.255.255", 8).withPort(port).withReuseAddress(true).build()));
        return d.initialize();
    }

    @Override
    public void run(Figures figures) throws Exception {
        int serverPort = freeUdp();
        LocalDevice server = device(3001, serverPort);
        for (int i = 0; i < POINTS; i++) {
            new AnalogValueObject(server, i, "av" + i, i * 0.5f, EngineeringUnits.kilowatts, false);
        }
        LocalDevice rawClient = device(4194200, freeUdp());
        // Tell bacnet4j what the device accepts, as the driver does after reading its device object.
        com.serotonin.bacnet4j.RemoteDevice rd = new com.serotonin.bacnet4j.RemoteDevice(rawClient, 3001,
                IpNetworkUtils.toAddress("127.0.0.1", serverPort));
        rd.setDeviceProperty(PropertyIdentifier.maxApduLengthAccepted, new com.serotonin.bacnet4j.type.primitive.UnsignedInteger(1476));
        rd.setDeviceProperty(PropertyIdentifier.segmentationSupported, com.serotonin.bacnet4j.type.enumerated.Segmentation.segmentedBoth);
        rawClient.getRemoteDeviceCache().putEntity(3001, rd, com.serotonin.bacnet4j.cache.RemoteEntityCachePolicy.NEVER_EXPIRE);
        BacnetBench driver = new BacnetBench(freeUdp(), 3001, serverPort, POINTS);
        try {
            driver.poll();
            int batch = driver.perRequest();
            double raw = 0;
            double drv = 0;
            for (int round = 0; round < 2; round++) {
                raw = raw(rawClient, IpNetworkUtils.toAddress("127.0.0.1", serverPort), batch);
                drv = driver(driver);
            }
            double shipped;
            try (BacnetBench defaults = new BacnetBench(freeUdp(), 3001, serverPort, POINTS, true)) {
                defaults.poll(); // first contact: device object, start-up relinquish, COV subscriptions (refused: polled)
                shipped = driver(defaults);
            }
            System.err.printf("bacnet: %d points, RPM batches of %d%n", POINTS, batch);
            figures.report("driver_points_per_s", drv, "points/s");
            figures.report("driver_default_points_per_s", shipped, "points/s");
            figures.report("raw_points_per_s", raw, "points/s");
            figures.report("ratio", drv / raw, "ratio");
        } finally {
            driver.close();
            stop(rawClient);
            stop(server);
        }
    }

    private static void stop(LocalDevice d) {
        Thread t = new Thread(d::terminate);
        t.setDaemon(true);
        t.start();
    }

    private static double raw(LocalDevice client, Address to, int batch) throws Exception {
        List<SequenceOf<ReadAccessSpecification>> requests = new ArrayList<>();
        for (int at = 0; at < POINTS; at += batch) {
            List<ReadAccessSpecification> specs = new ArrayList<>();
            for (int i = at; i < Math.min(POINTS, at + batch); i++) {
                specs.add(new ReadAccessSpecification(new ObjectIdentifier(ObjectType.analogValue, i), PropertyIdentifier.presentValue));
            }
            requests.add(new SequenceOf<>(specs));
        }
        long points = 0;
        long start = System.nanoTime();
        long end = start + MILLIS * 1_000_000;
        while (System.nanoTime() < end) {
            for (SequenceOf<ReadAccessSpecification> r : requests) {
                ReadPropertyMultipleAck ack = client.send(to, new ReadPropertyMultipleRequest(r)).get();
                for (ReadAccessResult res : ack.getListOfReadAccessResults()) {
                    points += res.getListOfResults().size();
                }
            }
        }
        return points / ((System.nanoTime() - start) / 1e9);
    }

    private static double driver(BacnetBench d) {
        long points = 0;
        long start = System.nanoTime();
        long end = start + MILLIS * 1_000_000;
        while (System.nanoTime() < end) {
            points += d.poll();
        }
        if (d.failures() > 0) {
            throw new IllegalStateException("driver polls failed " + d.failures() + " times");
        }
        return points / ((System.nanoTime() - start) / 1e9);
    }
}
