package org.thermalcommons.edge.driver.bacnet;

import com.serotonin.bacnet4j.service.acknowledgement.ReadPropertyAck;
import com.serotonin.bacnet4j.service.confirmed.ReadPropertyRequest;
import com.serotonin.bacnet4j.type.Encodable;
import com.serotonin.bacnet4j.type.constructed.Address;
import com.serotonin.bacnet4j.type.constructed.SequenceOf;
import com.serotonin.bacnet4j.type.enumerated.ObjectType;
import com.serotonin.bacnet4j.type.enumerated.PropertyIdentifier;
import com.serotonin.bacnet4j.type.primitive.ObjectIdentifier;
import com.serotonin.bacnet4j.type.primitive.UnsignedInteger;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.thermalcommons.edge.api.driver.DiscoveredDevice;
import org.thermalcommons.edge.api.driver.DiscoveredObject;

/**
 * Reads a discovered device's vendor name and object list with each object's name and units, for the directory (on
 * request: the console's commissioning page). Bounded: at most {@link #MAX_OBJECTS} objects, each request under the
 * network's deadline; an object whose name or units the device refuses is listed without them.
 */
final class ObjectListReader {
    static final int MAX_OBJECTS = 1000;

    private final BacnetNetwork net;

    ObjectListReader(BacnetNetwork net) {
        this.net = net;
    }

    Optional<DiscoveredDevice> describe(int instance) {
        DiscoveredDevice d = net.device(instance);
        if (d == null) {
            return Optional.empty();
        }
        Address to = BacnetNetwork.address(d.address());
        ObjectIdentifier dev = new ObjectIdentifier(ObjectType.device, instance);
        try {
            String vendor = String.valueOf(read(to, dev, PropertyIdentifier.vendorName, null));
            List<ObjectIdentifier> ids = objectList(to, dev);
            List<DiscoveredObject> objects = new ArrayList<>();
            for (ObjectIdentifier o : ids) {
                String name = text(optional(to, o, PropertyIdentifier.objectName));
                String units = hasUnits(o.getObjectType()) ? text(optional(to, o, PropertyIdentifier.units)) : "";
                objects.add(new DiscoveredObject(o.getObjectType().toString(), o.getInstanceNumber(), name, units));
            }
            DiscoveredDevice described = new DiscoveredDevice(d.protocol(), d.instance(), d.address(), d.maxApdu(),
                    d.segmentation(), d.vendorId(), vendor, objects, d.seenAt());
            net.described(described);
            return Optional.of(described);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private List<ObjectIdentifier> objectList(Address to, ObjectIdentifier dev) throws IOException {
        List<ObjectIdentifier> out = new ArrayList<>();
        try {
            Encodable all = read(to, dev, PropertyIdentifier.objectList, null);
            if (all instanceof SequenceOf<?> seq) {
                for (Object o : seq) {
                    if (o instanceof ObjectIdentifier id && out.size() < MAX_OBJECTS) {
                        out.add(id);
                    }
                }
                return out;
            }
        } catch (RefusedException e) {
            // Too long for one answer (or refused whole): read it element by element below.
        }
        int n = ((UnsignedInteger) read(to, dev, PropertyIdentifier.objectList, new UnsignedInteger(0))).intValue();
        for (int i = 1; i <= Math.min(n, MAX_OBJECTS); i++) {
            out.add((ObjectIdentifier) read(to, dev, PropertyIdentifier.objectList, new UnsignedInteger(i)));
        }
        return out;
    }

    private Encodable read(Address to, ObjectIdentifier o, PropertyIdentifier p, UnsignedInteger index) throws IOException {
        ReadPropertyAck ack = net.call(to, new ReadPropertyRequest(o, p, index));
        return ack.getValue();
    }

    private Encodable optional(Address to, ObjectIdentifier o, PropertyIdentifier p) throws IOException {
        try {
            return read(to, o, p, null);
        } catch (RefusedException e) {
            return null;
        }
    }

    private static String text(Encodable e) {
        return e == null ? "" : e.toString();
    }

    static boolean hasUnits(ObjectType t) {
        return t.equals(ObjectType.analogInput) || t.equals(ObjectType.analogOutput) || t.equals(ObjectType.analogValue);
    }
}
