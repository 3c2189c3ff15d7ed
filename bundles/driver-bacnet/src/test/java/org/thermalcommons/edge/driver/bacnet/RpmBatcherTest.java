package org.thermalcommons.edge.driver.bacnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.serotonin.bacnet4j.apdu.ComplexACK;
import com.serotonin.bacnet4j.apdu.ConfirmedRequest;
import com.serotonin.bacnet4j.enums.MaxApduLength;
import com.serotonin.bacnet4j.enums.MaxSegments;
import com.serotonin.bacnet4j.service.acknowledgement.ReadPropertyMultipleAck;
import com.serotonin.bacnet4j.service.confirmed.ReadPropertyMultipleRequest;
import com.serotonin.bacnet4j.type.Encodable;
import com.serotonin.bacnet4j.type.constructed.ReadAccessResult;
import com.serotonin.bacnet4j.type.constructed.ReadAccessSpecification;
import com.serotonin.bacnet4j.type.constructed.SequenceOf;
import com.serotonin.bacnet4j.type.enumerated.BinaryPV;
import com.serotonin.bacnet4j.type.enumerated.Segmentation;
import com.serotonin.bacnet4j.type.primitive.Real;
import com.serotonin.bacnet4j.type.primitive.UnsignedInteger;
import com.serotonin.bacnet4j.util.sero.ByteQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.profile.BacnetAddress;
import org.thermalcommons.edge.api.profile.PollGroup;
import org.thermalcommons.edge.api.profile.ProfilePoint;

/** Batches measured with bacnet4j's own encoder: the whole APDU of every planned batch fits, in both directions. */
class RpmBatcherTest {
    static final String[] TYPES = {"analog-input", "analog-value", "binary-input", "multi-state-value", "analog-output"};

    static List<BacnetPoint> points(int n, long seed) {
        Random r = new Random(seed);
        List<BacnetPoint> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String type = TYPES[r.nextInt(TYPES.length)];
            // Instances across the whole range (object identifiers always take 4 bytes, but the tag does not vary).
            int instance = (i * 3491 + r.nextInt(3000)) % 4194303;
            out.add(BacnetPoint.of("d", new ProfilePoint("p" + i, Role.ELECTRIC_POWER_SENSOR, Unit.KILOWATT, Limits.NONE, false,
                    PollGroup.FAST, OptionalInt.empty(), OptionalDouble.empty(), new BacnetAddress(type, instance, "present-value"))));
        }
        return out;
    }

    static int requestApdu(List<BacnetPoint> batch, boolean segmented) {
        List<ReadAccessSpecification> specs = batch.stream().map(RpmBatcher::spec).toList();
        ByteQueue q = new ByteQueue();
        new ConfirmedRequest(segmented, false, true, MaxSegments.UP_TO_8, MaxApduLength.UP_TO_1476, (byte) 7, 0, 0,
                new ReadPropertyMultipleRequest(new SequenceOf<>(specs))).write(q);
        return q.size();
    }

    static Encodable widest(BacnetPoint p) {
        return p.binary() ? BinaryPV.inactive : p.multiState() ? new UnsignedInteger(0xFFFFFFFFL) : new Real(Float.MAX_VALUE);
    }

    static int answerApdu(List<BacnetPoint> batch) {
        List<ReadAccessResult> results = new ArrayList<>();
        for (BacnetPoint p : batch) {
            results.add(new ReadAccessResult(p.object(), new SequenceOf<>(new ReadAccessResult.Result(p.property(), null, widest(p)))));
        }
        ByteQueue q = new ByteQueue();
        new ComplexACK(false, false, (byte) 7, 0, 0, new ReadPropertyMultipleAck(new SequenceOf<>(results))).write(q);
        return q.size();
    }

    @Test
    void aPropertyReferenceCostsNineBytesAsBacnet4jEncodesIt() {
        BacnetPoint pv = points(1, 1).get(0);
        // The old estimate assumed 8 bytes per reference: object id (5) + opening/closing tags (2) + property (2) = 9.
        assertThat(RpmBatcher.requestBytes(pv)).isEqualTo(9);
        assertThat(requestApdu(List.of(pv), false)).isEqualTo(ConfirmedRequest.getHeaderSize(false) + 9);
    }

    @Test
    void everyBatchFitsTheDevicesApduInBothDirectionsAndIsFull() {
        List<BacnetPoint> all = points(1200, 42);
        for (int maxApdu : new int[] {50, 128, 206, 480, 1024, 1476}) {
            for (Segmentation seg : new Segmentation[] {Segmentation.noSegmentation, Segmentation.segmentedReceive,
                    Segmentation.segmentedTransmit, Segmentation.segmentedBoth}) {
                RpmBatcher.Budget b = RpmBatcher.budget(maxApdu, seg);
                List<List<BacnetPoint>> batches = RpmBatcher.batches(all, b);
                assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(all.size());
                for (int i = 0; i < batches.size(); i++) {
                    List<BacnetPoint> batch = batches.get(i);
                    String where = "max APDU " + maxApdu + ", " + seg + ", batch " + i + " of " + batch.size();
                    int request = requestApdu(batch, false);
                    int answer = answerApdu(batch);
                    // Requests always fit one APDU (never segmented).
                    assertThat(request).as(where + ": request").isLessThanOrEqualTo(maxApdu);
                    if (RpmBatcher.transmitsSegments(seg)) {
                        int segments = (answer - ComplexACK.getHeaderSize(false) + maxApdu - ComplexACK.getHeaderSize(true) - 1)
                                / (maxApdu - ComplexACK.getHeaderSize(true));
                        assertThat(segments).as(where).isLessThanOrEqualTo(RpmBatcher.MAX_SEGMENTS);
                    } else {
                        assertThat(answer).as(where + ": answer").isLessThanOrEqualTo(maxApdu);
                    }
                    if (i < batches.size() - 1) {
                        // Full: one more point would not have fitted one of the two directions.
                        List<BacnetPoint> more = new ArrayList<>(batch);
                        more.add(batches.get(i + 1).get(0));
                        int req = more.stream().mapToInt(RpmBatcher::requestBytes).sum();
                        int ans = more.stream().mapToInt(RpmBatcher::answerBytes).sum();
                        assertThat(req > b.requestBytes() || ans > b.answerBytes()).as(where + " is full").isTrue();
                    }
                }
            }
        }
    }

    @Test
    void theDirectionsAreSizedSeparately() {
        // A device that segments only what it sends: big answers, but the request still fits one APDU.
        RpmBatcher.Budget transmit = RpmBatcher.budget(480, Segmentation.segmentedTransmit);
        assertThat(transmit.requestBytes()).isEqualTo(480 - ConfirmedRequest.getHeaderSize(false));
        assertThat(transmit.answerBytes()).isGreaterThan(480);
        // One that only receives segmented messages: answers within one APDU (and requests too: never segmented).
        RpmBatcher.Budget receive = RpmBatcher.budget(480, Segmentation.segmentedReceive);
        assertThat(receive.requestBytes()).isEqualTo(480 - ConfirmedRequest.getHeaderSize(false));
        assertThat(receive.answerBytes()).isEqualTo(480 - ComplexACK.getHeaderSize(false));
    }

    @Test
    void halvesCoverTheBatchInOrder() {
        List<BacnetPoint> b = points(7, 3);
        List<List<BacnetPoint>> h = RpmBatcher.halves(b);
        assertThat(h.get(0).size() + h.get(1).size()).isEqualTo(7);
        List<BacnetPoint> joined = new ArrayList<>(h.get(0));
        joined.addAll(h.get(1));
        assertThat(joined).isEqualTo(b);
    }
}
