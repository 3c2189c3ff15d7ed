package org.thermalcommons.edge.driver.bacnet;

import com.serotonin.bacnet4j.type.enumerated.ObjectType;
import com.serotonin.bacnet4j.type.enumerated.PropertyIdentifier;
import com.serotonin.bacnet4j.type.primitive.ObjectIdentifier;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.profile.BacnetAddress;
import org.thermalcommons.edge.api.profile.ProfilePoint;

/** A profile point bound to a device, with its bacnet4j object and property identifiers. */
record BacnetPoint(PointId id, ProfilePoint profile, ObjectIdentifier object, PropertyIdentifier property) {
    static BacnetPoint of(String device, ProfilePoint p) {
        BacnetAddress a = (BacnetAddress) p.address();
        ObjectType type = ObjectType.forName(a.objectType());
        PropertyIdentifier prop = PropertyIdentifier.forName(a.property());
        if (type == null || prop == null) {
            throw new IllegalArgumentException("point " + p.name() + ": unknown BACnet object type or property " + a);
        }
        return new BacnetPoint(PointId.of(device, p.name()), p, new ObjectIdentifier(type, a.instance()), prop);
    }

    boolean binary() {
        return object.getObjectType().equals(ObjectType.binaryInput) || object.getObjectType().equals(ObjectType.binaryOutput)
                || object.getObjectType().equals(ObjectType.binaryValue);
    }

    boolean analog() {
        return object.getObjectType().equals(ObjectType.analogInput) || object.getObjectType().equals(ObjectType.analogOutput)
                || object.getObjectType().equals(ObjectType.analogValue);
    }

    /** The key a read result is matched by: object and property (one object can carry several points). */
    Key key() {
        return new Key(object, property);
    }

    record Key(ObjectIdentifier object, PropertyIdentifier property) {
    }

    boolean multiState() {
        return object.getObjectType().equals(ObjectType.multiStateInput) || object.getObjectType().equals(ObjectType.multiStateOutput)
                || object.getObjectType().equals(ObjectType.multiStateValue);
    }
}
