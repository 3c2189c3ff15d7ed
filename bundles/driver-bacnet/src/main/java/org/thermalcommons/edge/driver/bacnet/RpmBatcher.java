package org.thermalcommons.edge.driver.bacnet;

import com.serotonin.bacnet4j.apdu.ComplexACK;
import com.serotonin.bacnet4j.apdu.ConfirmedRequest;
import com.serotonin.bacnet4j.type.Encodable;
import com.serotonin.bacnet4j.type.constructed.ReadAccessResult;
import com.serotonin.bacnet4j.type.constructed.ReadAccessSpecification;
import com.serotonin.bacnet4j.type.constructed.SequenceOf;
import com.serotonin.bacnet4j.type.enumerated.BinaryPV;
import com.serotonin.bacnet4j.type.enumerated.ErrorClass;
import com.serotonin.bacnet4j.type.enumerated.ErrorCode;
import com.serotonin.bacnet4j.type.enumerated.Segmentation;
import com.serotonin.bacnet4j.type.error.ErrorClassAndCode;
import com.serotonin.bacnet4j.type.primitive.Real;
import com.serotonin.bacnet4j.type.primitive.UnsignedInteger;
import com.serotonin.bacnet4j.util.sero.ByteQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans ReadPropertyMultiple batches from their exact encoded length, measured with bacnet4j's own encoder: each
 * property reference as bacnet4j writes it into the request, each answer as the largest result the point can produce
 * (its value type's widest encoding, or an error result when that is longer). The two directions are sized
 * separately: the request must fit one APDU of the device's max APDU (the gateway never segments what it sends, even
 * to a device that could receive segments); the answer must fit the APDU both sides accept, or {@link #MAX_SEGMENTS}
 * segments when the device <em>transmits</em> segmented messages (the gateway always accepts segmented answers).
 */
final class RpmBatcher {
    /** Segments per message we plan for (bacnet4j accepts more; devices often fewer). */
    static final int MAX_SEGMENTS = 8;
    /** The gateway's own max APDU (BACnet/IP). */
    static final int LOCAL_MAX_APDU = 1476;

    /** Bytes available for the service data of the request and of the answer. */
    record Budget(int requestBytes, int answerBytes) {
    }

    private RpmBatcher() {
    }

    static boolean receivesSegments(Segmentation s) {
        return Segmentation.segmentedBoth.equals(s) || Segmentation.segmentedReceive.equals(s);
    }

    static boolean transmitsSegments(Segmentation s) {
        return Segmentation.segmentedBoth.equals(s) || Segmentation.segmentedTransmit.equals(s);
    }

    static Budget budget(int deviceMaxApdu, Segmentation seg) {
        int device = Math.max(50, Math.min(LOCAL_MAX_APDU, deviceMaxApdu));
        // Requests are never segmented, even to a device that receives segments: the gateway then never needs segment
        // acknowledgements, which its datagram screen drops (hostile senders abuse them).
        int request = device - ConfirmedRequest.getHeaderSize(false);
        int answer = transmitsSegments(seg)
                ? MAX_SEGMENTS * (device - ComplexACK.getHeaderSize(true))
                : device - ComplexACK.getHeaderSize(false);
        return new Budget(request, answer);
    }

    static ReadAccessSpecification spec(BacnetPoint p) {
        return new ReadAccessSpecification(p.object(), p.property());
    }

    /** The property reference's bytes in the request, as bacnet4j encodes it. */
    static int requestBytes(BacnetPoint p) {
        return encodedLength(spec(p));
    }

    /** The largest answer for the point: its widest value or an error, as bacnet4j encodes it. */
    static int answerBytes(BacnetPoint p) {
        boolean pv = p.property().equals(com.serotonin.bacnet4j.type.enumerated.PropertyIdentifier.presentValue);
        Encodable widest = !pv ? new com.serotonin.bacnet4j.type.primitive.Double(Double.MAX_VALUE) : p.binary() ? BinaryPV.inactive : p.multiState() ? new UnsignedInteger(0xFFFFFFFFL)
                : p.analog() ? new Real(Float.MAX_VALUE) : new com.serotonin.bacnet4j.type.primitive.Double(Double.MAX_VALUE);
        int value = encodedLength(new ReadAccessResult(p.object(), new SequenceOf<>(
                new ReadAccessResult.Result(p.property(), null, widest))));
        int error = encodedLength(new ReadAccessResult(p.object(), new SequenceOf<>(
                new ReadAccessResult.Result(p.property(), null, new ErrorClassAndCode(ErrorClass.communication, ErrorCode.forId(255))))));
        return Math.max(value, error);
    }

    static int encodedLength(Encodable e) {
        ByteQueue q = new ByteQueue();
        e.write(q);
        return q.size();
    }

    /** Greedy batches in order, each within both directions' budget (a point too large alone still gets its own). */
    static List<List<BacnetPoint>> batches(List<BacnetPoint> points, Budget budget) {
        List<List<BacnetPoint>> out = new ArrayList<>();
        List<BacnetPoint> current = new ArrayList<>();
        int req = 0;
        int ans = 0;
        for (BacnetPoint p : points) {
            int r = requestBytes(p);
            int a = answerBytes(p);
            if (!current.isEmpty() && (req + r > budget.requestBytes() || ans + a > budget.answerBytes())) {
                out.add(List.copyOf(current));
                current.clear();
                req = 0;
                ans = 0;
            }
            current.add(p);
            req += r;
            ans += a;
        }
        if (!current.isEmpty()) {
            out.add(List.copyOf(current));
        }
        return out;
    }

    /** Splits a batch in two halves (after a device refused it whole). */
    static List<List<BacnetPoint>> halves(List<BacnetPoint> batch) {
        int mid = batch.size() / 2;
        return List.of(List.copyOf(batch.subList(0, mid)), List.copyOf(batch.subList(mid, batch.size())));
    }
}
