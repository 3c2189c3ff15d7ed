package org.thermalcommons.edge.driver.bacnet;

import com.serotonin.bacnet4j.service.acknowledgement.ReadPropertyAck;
import com.serotonin.bacnet4j.service.acknowledgement.ReadPropertyMultipleAck;
import com.serotonin.bacnet4j.service.confirmed.ReadPropertyMultipleRequest;
import com.serotonin.bacnet4j.service.confirmed.ReadPropertyRequest;
import com.serotonin.bacnet4j.type.Encodable;
import com.serotonin.bacnet4j.type.constructed.Address;
import com.serotonin.bacnet4j.type.constructed.PriorityValue;
import com.serotonin.bacnet4j.type.constructed.PropertyReference;
import com.serotonin.bacnet4j.type.constructed.ReadAccessResult;
import com.serotonin.bacnet4j.type.constructed.ReadAccessSpecification;
import com.serotonin.bacnet4j.type.constructed.SequenceOf;
import com.serotonin.bacnet4j.type.enumerated.ObjectType;
import com.serotonin.bacnet4j.type.enumerated.PropertyIdentifier;
import com.serotonin.bacnet4j.type.primitive.BitString;
import com.serotonin.bacnet4j.type.primitive.Null;
import com.serotonin.bacnet4j.type.primitive.ObjectIdentifier;
import com.serotonin.bacnet4j.type.primitive.UnsignedInteger;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.thermalcommons.edge.api.driver.DiscoveredDevice;
import org.thermalcommons.edge.api.driver.ObjectReading;
import org.thermalcommons.edge.api.driver.ObjectState;

/**
 * Reads one point object's live state for the commissioning browser: name, units, present value, status flags,
 * out-of-service and, for commandable types, priority array and relinquish default. One ReadPropertyMultiple (a few
 * hundred bytes at most, within any device's APDU); a device that refuses it whole (no RPM, or too small an APDU) is
 * remembered and read with ReadProperty, property by property, the priority array slot by slot if it is refused whole.
 * Every request is under the network's deadline; the first one not answered ends the read ({@code NO_ANSWER}). What the
 * device says is bounded: texts cut at {@value #MAX_TEXT} characters, a priority array must have 16 slots.
 */
final class ObjectStateReader {
    static final int MAX_TEXT = 200;
    static final Set<ObjectType> POINT_TYPES = Set.of(ObjectType.analogInput, ObjectType.analogOutput, ObjectType.analogValue,
            ObjectType.binaryInput, ObjectType.binaryOutput, ObjectType.binaryValue, ObjectType.multiStateInput,
            ObjectType.multiStateOutput, ObjectType.multiStateValue);
    private static final Set<ObjectType> COMMANDABLE = Set.of(ObjectType.analogOutput, ObjectType.analogValue,
            ObjectType.binaryOutput, ObjectType.binaryValue, ObjectType.multiStateOutput, ObjectType.multiStateValue);

    private final BacnetNetwork net;
    private final Supplier<Instant> clock;
    /** Devices that refused a ReadPropertyMultiple whole: read with ReadProperty from then on. */
    private final Set<Integer> withoutRpm = ConcurrentHashMap.newKeySet();
    /** Reads by outcome, for /metrics. */
    final Map<ObjectReading.Outcome, java.util.concurrent.atomic.AtomicLong> outcomes = new java.util.EnumMap<>(ObjectReading.Outcome.class);

    ObjectStateReader(BacnetNetwork net, Supplier<Instant> clock) {
        this.net = net;
        this.clock = clock;
        for (ObjectReading.Outcome o : ObjectReading.Outcome.values()) {
            outcomes.put(o, new java.util.concurrent.atomic.AtomicLong());
        }
    }

    static ObjectType pointType(String type) {
        for (ObjectType t : POINT_TYPES) {
            if (t.toString().equals(type)) {
                return t;
            }
        }
        return null;
    }

    ObjectReading read(int device, String type, int instance) {
        ObjectReading r = readOnce(device, type, instance);
        outcomes.get(r.outcome()).incrementAndGet();
        return r;
    }

    private ObjectReading readOnce(int device, String type, int instance) {
        DiscoveredDevice d = net.device(device);
        if (d == null) {
            return ObjectReading.failed(ObjectReading.Outcome.UNKNOWN_DEVICE, "device " + device
                    + " is not in the BACnet directory (it has not answered Who-Is: scan with discovery first)");
        }
        ObjectType t = pointType(type);
        if (t == null || instance < 0 || instance > 4_194_302) {
            return ObjectReading.failed(ObjectReading.Outcome.UNKNOWN_OBJECT, "'" + type + ":" + instance
                    + "' is not a point object: type must be one of analog-, binary-, multi-state- input, output or value, instance 0..4194302");
        }
        ObjectIdentifier oid = new ObjectIdentifier(t, instance);
        List<PropertyIdentifier> props = new ArrayList<>(List.of(PropertyIdentifier.objectName, PropertyIdentifier.presentValue,
                PropertyIdentifier.statusFlags, PropertyIdentifier.outOfService));
        if (ObjectListReader.hasUnits(t)) {
            props.add(PropertyIdentifier.units);
        }
        if (COMMANDABLE.contains(t)) {
            props.add(PropertyIdentifier.priorityArray);
            props.add(PropertyIdentifier.relinquishDefault);
        }
        Address to = BacnetNetwork.address(d.address());
        Map<PropertyIdentifier, Encodable> values = new LinkedHashMap<>();
        Map<PropertyIdentifier, String> refused = new LinkedHashMap<>();
        String with = "read-property-multiple";
        try {
            if (withoutRpm.contains(device) || !multiple(to, oid, props, values, refused)) {
                withoutRpm.add(device);
                with = "read-property";
                for (PropertyIdentifier p : props) {
                    single(to, oid, p, values, refused);
                }
            }
        } catch (IOException e) {
            return ObjectReading.failed(ObjectReading.Outcome.NO_ANSWER, "device " + device + " at " + d.address()
                    + " did not answer: " + e.getMessage());
        }
        String pvRefusal = refused.getOrDefault(PropertyIdentifier.presentValue, "");
        if (pvRefusal.contains("unknown-object")) {
            return ObjectReading.failed(ObjectReading.Outcome.UNKNOWN_OBJECT, "device " + device + " has no object "
                    + type + ":" + instance + " (it answered " + pvRefusal + ")");
        }
        return ObjectReading.read(state(d.instance(), t, instance, values, refused, with));
    }

    /** One RPM; false when the device refused it whole (then nothing was taken from it). */
    private boolean multiple(Address to, ObjectIdentifier oid, List<PropertyIdentifier> props,
                             Map<PropertyIdentifier, Encodable> values, Map<PropertyIdentifier, String> refused) throws IOException {
        List<PropertyReference> refs = props.stream().map(PropertyReference::new).toList();
        ReadPropertyMultipleAck ack;
        try {
            ack = net.call(to, new ReadPropertyMultipleRequest(new SequenceOf<>(List.of(
                    new ReadAccessSpecification(oid, new SequenceOf<>(refs))))));
        } catch (RefusedException e) {
            if (e.reason().contains("unknown-object")) {
                refused.put(PropertyIdentifier.presentValue, e.reason());
                return true;
            }
            return false;
        }
        for (ReadAccessResult r : ack.getListOfReadAccessResults()) {
            if (!r.getObjectIdentifier().equals(oid)) {
                continue;
            }
            for (ReadAccessResult.Result res : r.getListOfResults()) {
                PropertyIdentifier p = res.getPropertyIdentifier();
                if (!props.contains(p)) {
                    continue;
                }
                if (res.isError()) {
                    refused.put(p, PointReader.errorText(res.getReadResult().getDatum()));
                } else {
                    values.put(p, res.getReadResult().getDatum());
                }
            }
        }
        return true;
    }

    private void single(Address to, ObjectIdentifier oid, PropertyIdentifier p, Map<PropertyIdentifier, Encodable> values,
                        Map<PropertyIdentifier, String> refused) throws IOException {
        if (refused.getOrDefault(PropertyIdentifier.presentValue, "").contains("unknown-object")) {
            return;
        }
        try {
            ReadPropertyAck ack = net.call(to, new ReadPropertyRequest(oid, p));
            values.put(p, ack.getValue());
        } catch (RefusedException e) {
            if (p.equals(PropertyIdentifier.priorityArray) && e.kind() == RefusedException.Kind.ABORT) {
                // Too long for the device to send in one answer: slot by slot.
                List<Encodable> slots = new ArrayList<>();
                for (int i = 1; i <= ObjectState.PRIORITIES; i++) {
                    slots.add(net.<ReadPropertyAck>call(to, new ReadPropertyRequest(oid, p, new UnsignedInteger(i))).getValue());
                }
                values.put(p, new SequenceOf<>(slots));
                return;
            }
            refused.put(p, e.reason());
        }
    }

    private ObjectState state(int device, ObjectType t, int instance, Map<PropertyIdentifier, Encodable> v,
                              Map<PropertyIdentifier, String> refused, String with) {
        List<OptionalDouble> slots = new ArrayList<>();
        boolean commandable = false;
        Encodable pa = v.get(PropertyIdentifier.priorityArray);
        if (pa instanceof SequenceOf<?> seq) {
            List<OptionalDouble> read = new ArrayList<>();
            for (Object o : seq) {
                read.add(priorityValue(o));
            }
            if (read.size() == ObjectState.PRIORITIES) {
                slots = read;
                commandable = true;
            } else {
                refused.put(PropertyIdentifier.priorityArray, "the device sent " + read.size() + " slots (a priority array has 16)");
            }
        }
        List<String> flags = new ArrayList<>();
        if (v.get(PropertyIdentifier.statusFlags) instanceof BitString bits) {
            boolean[] b = bits.getValue();
            String[] names = {"in-alarm", "fault", "overridden", "out-of-service"};
            for (int i = 0; i < names.length && i < b.length; i++) {
                if (b[i]) {
                    flags.add(names[i]);
                }
            }
        }
        boolean oos = v.get(PropertyIdentifier.outOfService) instanceof com.serotonin.bacnet4j.type.primitive.Boolean b && b.booleanValue();
        List<String> why = new ArrayList<>();
        refused.forEach((p, r) -> why.add(bounded(p.toString()) + ": " + bounded(r)));
        return new ObjectState(device, t.toString(), instance, text(v.get(PropertyIdentifier.objectName)),
                text(v.get(PropertyIdentifier.units)), Values.toDouble(v.get(PropertyIdentifier.presentValue)), commandable,
                slots, commandable ? Values.toDouble(v.get(PropertyIdentifier.relinquishDefault)) : OptionalDouble.empty(),
                oos, flags, why, with, clock.get());
    }

    private static OptionalDouble priorityValue(Object o) {
        Object value = o instanceof PriorityValue p ? p.getValue() : o;
        if (value == null || value instanceof Null) {
            return OptionalDouble.empty();
        }
        return value instanceof Encodable e ? Values.toDouble(e) : OptionalDouble.empty();
    }

    private static String text(Encodable e) {
        return e == null ? "" : bounded(e.toString());
    }

    private static String bounded(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > MAX_TEXT ? clean.substring(0, MAX_TEXT) : clean;
    }
}
