package org.thermalcommons.edge.driver.bacnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.serotonin.bacnet4j.apdu.APDU;
import com.serotonin.bacnet4j.apdu.Abort;
import com.serotonin.bacnet4j.apdu.ComplexACK;
import com.serotonin.bacnet4j.apdu.ConfirmedRequest;
import com.serotonin.bacnet4j.apdu.Reject;
import com.serotonin.bacnet4j.apdu.SimpleACK;
import com.serotonin.bacnet4j.apdu.UnconfirmedRequest;
import com.serotonin.bacnet4j.enums.MaxApduLength;
import com.serotonin.bacnet4j.enums.MaxSegments;
import com.serotonin.bacnet4j.npdu.ip.IpNetworkUtils;
import com.serotonin.bacnet4j.service.acknowledgement.ReadPropertyAck;
import com.serotonin.bacnet4j.service.confirmed.ReadPropertyMultipleRequest;
import com.serotonin.bacnet4j.service.confirmed.ReadPropertyRequest;
import com.serotonin.bacnet4j.service.unconfirmed.IAmRequest;
import com.serotonin.bacnet4j.service.unconfirmed.UnconfirmedCovNotificationRequest;
import com.serotonin.bacnet4j.service.unconfirmed.WhoIsRequest;
import com.serotonin.bacnet4j.type.constructed.PropertyValue;
import com.serotonin.bacnet4j.type.constructed.ReadAccessSpecification;
import com.serotonin.bacnet4j.type.constructed.SequenceOf;
import com.serotonin.bacnet4j.type.enumerated.AbortReason;
import com.serotonin.bacnet4j.type.enumerated.ObjectType;
import com.serotonin.bacnet4j.type.enumerated.PropertyIdentifier;
import com.serotonin.bacnet4j.type.enumerated.RejectReason;
import com.serotonin.bacnet4j.type.enumerated.Segmentation;
import com.serotonin.bacnet4j.type.primitive.ObjectIdentifier;
import com.serotonin.bacnet4j.type.primitive.Real;
import com.serotonin.bacnet4j.type.primitive.UnsignedInteger;
import com.serotonin.bacnet4j.util.sero.ByteQueue;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.point.Quality;
import org.thermalcommons.edge.api.profile.PollGroup;
import org.thermalcommons.edge.driver.bacnet.link.BacnetIpLink;
import org.thermalcommons.edge.driver.bacnet.link.DatagramScreen;

/**
 * Hostile datagrams (issue 9): at least 10,000 generated datagrams, deterministic for a seed (system property
 * {@code bacnet.fuzz.seed}), sent to the real gateway network on loopback: random bytes, and valid BVLC/NPDU/APDU
 * frames truncated, extended, bit-flipped or with a wrong length. Afterwards: no uncaught exception, no listener
 * thread died, every datagram was screened and every structural rejection counted under its rule, the log got at
 * most one line per rule, and the network still reads a real device and answers a real client.
 */
class BacnetDatagramFuzzTest {
    static final int COUNT = 10_000;
    static final long SEED = Long.getLong("bacnet.fuzz.seed", 20261201L);

    static byte[] frame(int function, APDU apdu, boolean networkMessage) {
        ByteQueue body = new ByteQueue();
        if (networkMessage) {
            body.push(new byte[] {1, (byte) 0x80, 0x00}); // Who-Is-Router-To-Network
        } else {
            body.push(new byte[] {1, apdu.expectsReply() ? (byte) 0x04 : 0});
            apdu.write(body);
        }
        byte[] npdu = body.popAll();
        byte[] f = new byte[4 + npdu.length];
        f[0] = (byte) 0x81;
        f[1] = (byte) function;
        f[2] = (byte) (f.length >> 8);
        f[3] = (byte) f.length;
        System.arraycopy(npdu, 0, f, 4, npdu.length);
        return f;
    }

    static List<byte[]> validFrames() {
        ObjectIdentifier ai = new ObjectIdentifier(ObjectType.analogInput, 1);
        ObjectIdentifier dev = new ObjectIdentifier(ObjectType.device, 4194003);
        List<byte[]> l = new ArrayList<>();
        l.add(frame(0x0b, new UnconfirmedRequest(new WhoIsRequest()), false));
        l.add(frame(0x0b, new UnconfirmedRequest(new IAmRequest(new ObjectIdentifier(ObjectType.device, 777), new UnsignedInteger(1476),
                Segmentation.segmentedBoth, new UnsignedInteger(15))), false));
        l.add(frame(0x0a, new ConfirmedRequest(false, false, true, MaxSegments.UP_TO_8, MaxApduLength.UP_TO_1476, (byte) 3, 0, 0,
                new ReadPropertyRequest(dev, PropertyIdentifier.objectName)), false));
        l.add(frame(0x0a, new ConfirmedRequest(false, false, true, MaxSegments.UP_TO_8, MaxApduLength.UP_TO_1476, (byte) 4, 0, 0,
                new ReadPropertyMultipleRequest(new SequenceOf<>(List.of(new ReadAccessSpecification(dev, PropertyIdentifier.objectList))))), false));
        l.add(frame(0x0a, new ComplexACK(false, false, (byte) 9, 0, 0, new ReadPropertyAck(ai, PropertyIdentifier.presentValue, null, new Real(1f))), false));
        l.add(frame(0x0a, new UnconfirmedRequest(new UnconfirmedCovNotificationRequest(new UnsignedInteger(1), dev, ai, new UnsignedInteger(60),
                new SequenceOf<>(List.of(new PropertyValue(PropertyIdentifier.presentValue, new Real(5f)))))), false));
        l.add(frame(0x0a, new SimpleACK((byte) 5, 15), false));
        l.add(frame(0x0a, new Reject((byte) 6, RejectReason.bufferOverflow), false));
        l.add(frame(0x0a, new Abort(true, (byte) 7, AbortReason.other), false));
        l.add(frame(0x0b, null, true));
        return l;
    }

    /** One generated datagram. */
    static byte[] generate(Random r, List<byte[]> valid) {
        int kind = r.nextInt(10);
        if (kind < 2) { // random bytes
            byte[] b = new byte[r.nextInt(700)];
            r.nextBytes(b);
            return b;
        }
        if (kind == 2) { // random body behind a plausible header
            byte[] b = new byte[4 + r.nextInt(600)];
            r.nextBytes(b);
            b[0] = (byte) 0x81;
            b[1] = (byte) (r.nextBoolean() ? 0x0a : 0x0b);
            b[2] = (byte) (b.length >> 8);
            b[3] = (byte) b.length;
            return b;
        }
        if (kind == 3) { // oversize
            byte[] b = Arrays.copyOf(valid.get(r.nextInt(valid.size())), BacnetIpLink.MAX_DATAGRAM + 1 + r.nextInt(400));
            b[2] = (byte) (b.length >> 8);
            b[3] = (byte) b.length;
            return b;
        }
        byte[] b = valid.get(r.nextInt(valid.size())).clone();
        switch (r.nextInt(5)) {
            case 0 -> { // bit flips past the BVLC header
                for (int i = 0, n = 1 + r.nextInt(4); i < n && b.length > 4; i++) {
                    int at = 4 + r.nextInt(b.length - 4);
                    b[at] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> { // truncated, length field fixed up (so the damage reaches the NPDU/APDU)
                b = Arrays.copyOf(b, 4 + r.nextInt(Math.max(1, b.length - 4)));
                b[2] = (byte) (b.length >> 8);
                b[3] = (byte) b.length;
            }
            case 2 -> b = Arrays.copyOf(b, r.nextInt(b.length)); // truncated, length field stale
            case 3 -> { // extended with garbage
                int old = b.length;
                b = Arrays.copyOf(b, old + 1 + r.nextInt(64));
                for (int i = old; i < b.length; i++) {
                    b[i] = (byte) r.nextInt(256);
                }
                if (r.nextBoolean()) {
                    b[2] = (byte) (b.length >> 8);
                    b[3] = (byte) b.length;
                }
            }
            default -> b[r.nextInt(Math.min(4, b.length))] = (byte) r.nextInt(256); // header byte
        }
        return b;
    }

    /** The structural rule a datagram must be rejected by (checked first, in this order), or null. */
    static DatagramScreen.Rule structural(byte[] b) {
        if (b.length > BacnetIpLink.MAX_DATAGRAM) {
            return DatagramScreen.Rule.OVERSIZE;
        }
        if (b.length < 4) {
            return DatagramScreen.Rule.BVLC_SHORT;
        }
        if ((b[0] & 0xff) != 0x81) {
            return DatagramScreen.Rule.BVLC_TYPE;
        }
        if ((((b[2] & 0xff) << 8) | (b[3] & 0xff)) != b.length) {
            return DatagramScreen.Rule.BVLC_LENGTH;
        }
        if ((b[1] & 0xff) == 0x04 && b.length < 10) {
            return DatagramScreen.Rule.BVLC_SHORT; // a forwarded NPDU carries a 6-byte originating address
        }
        return null;
    }

    static long rxThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("cool-edge-bacnet-rx") && t.isAlive()).count();
    }

    @Test
    void tenThousandHostileDatagramsAreCountedByRuleAndTheNetworkStillWorks() throws Exception {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        long started = System.nanoTime();
        int port = SimulatedBacnetDevice.freeUdpPort();
        int devicePort = SimulatedBacnetDevice.freeUdpPort();
        try (BacnetNetwork net = new BacnetNetwork("127.0.0.1", "127.255.255.255", port, List.of(),
                new BacnetNetwork.Identity(4194003, "fuzzed", "v", "m", "l"), 1000);
             SimulatedBacnetDevice device = new SimulatedBacnetDevice(1501, devicePort, true);
             DatagramSocket attacker = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            attacker.setBroadcast(true);
            long threads = rxThreads();
            DatagramScreen screen = net.screen();
            long screenedBefore = screen.screened() - screen.ownEchoes();
            Map<DatagramScreen.Rule, Long> expected = new EnumMap<>(DatagramScreen.Rule.class);
            Random r = new Random(SEED);
            List<byte[]> valid = validFrames();
            InetAddress unicast = InetAddress.getLoopbackAddress();
            InetAddress broadcast = InetAddress.getByName("127.255.255.255");
            for (int i = 1; i <= COUNT; i++) {
                byte[] b = generate(r, valid);
                DatagramScreen.Rule rule = structural(b);
                if (rule != null) {
                    expected.merge(rule, 1L, Long::sum);
                }
                attacker.send(new DatagramPacket(b, b.length, r.nextInt(10) == 0 ? broadcast : unicast, port));
                if (i % 100 == 0) {
                    // Paced (no kernel drops), so every datagram reaches the screen and can be counted.
                    long want = screenedBefore + i;
                    BacnetLoopbackTest.await("datagrams screened", () -> screen.screened() - screen.ownEchoes() >= want);
                }
            }
            assertThat(screen.screened() - screen.ownEchoes() - screenedBefore).isEqualTo(COUNT);
            for (DatagramScreen.Rule rule : List.of(DatagramScreen.Rule.OVERSIZE, DatagramScreen.Rule.BVLC_SHORT,
                    DatagramScreen.Rule.BVLC_TYPE, DatagramScreen.Rule.BVLC_LENGTH)) {
                assertThat(screen.rejected(rule)).as(rule.id).isEqualTo(expected.getOrDefault(rule, 0L));
            }
            assertThat(screen.rejected(DatagramScreen.Rule.APDU) + screen.rejected(DatagramScreen.Rule.NPDU)).isPositive();
            assertThat(screen.rejected(DatagramScreen.Rule.INTERNAL)).isZero();
            assertThat(screen.logged()).as("log lines: at most one per rule in the window").isLessThanOrEqualTo(DatagramScreen.Rule.values().length);

            // Still working: reads a real device, answers a real client, listeners alive, nothing uncaught.
            Instant[] now = {Instant.parse("2026-03-02T00:00:00Z")};
            BacnetDevice d = new BacnetDevice(new BacnetDevice.Settings("zone", 1501, "127.0.0.1:" + devicePort, 12, false,
                    Duration.ofSeconds(120), Duration.ofSeconds(15), Duration.ofMillis(100), Duration.ofSeconds(2), 2,
                    net.nextSubscriberId()), BacnetLoopbackTest.zoneProfile(), net, () -> now[0], () -> now[0].toEpochMilli());
            BacnetLoopbackTest.pollAll(d);
            assertThat(d.values().values()).hasSize(5).allMatch(v -> v.quality() == Quality.GOOD);
            ReadPropertyAck name = device.device.send(IpNetworkUtils.toAddress("127.0.0.1", port),
                    new ReadPropertyRequest(new ObjectIdentifier(ObjectType.device, 4194003), PropertyIdentifier.objectName)).get();
            assertThat(name.getValue().toString()).isEqualTo("fuzzed");
            assertThat(rxThreads()).isEqualTo(threads);
            assertThat(uncaught).isEmpty();
            d.close();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
    }
}
