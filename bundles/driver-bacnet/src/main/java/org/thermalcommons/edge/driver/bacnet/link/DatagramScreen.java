package org.thermalcommons.edge.driver.bacnet.link;

import com.serotonin.bacnet4j.apdu.APDU;
import com.serotonin.bacnet4j.apdu.ConfirmedRequest;
import com.serotonin.bacnet4j.apdu.Reject;
import com.serotonin.bacnet4j.apdu.SegmentACK;
import com.serotonin.bacnet4j.type.constructed.Address;
import com.serotonin.bacnet4j.type.enumerated.RejectReason;
import com.serotonin.bacnet4j.apdu.UnconfirmedRequest;
import com.serotonin.bacnet4j.service.confirmed.ConfirmedRequestService;
import com.serotonin.bacnet4j.service.unconfirmed.IAmRequest;
import com.serotonin.bacnet4j.type.constructed.ServicesSupported;
import com.serotonin.bacnet4j.type.enumerated.ObjectType;
import com.serotonin.bacnet4j.type.primitive.ObjectIdentifier;
import com.serotonin.bacnet4j.npdu.NPDU;
import com.serotonin.bacnet4j.npdu.Network;
import com.serotonin.bacnet4j.npdu.ip.IpNetworkUtils;
import com.serotonin.bacnet4j.type.primitive.OctetString;
import com.serotonin.bacnet4j.util.sero.ByteQueue;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.input.RateLimitedLog;

/**
 * The boundary check for every datagram the BACnet port receives (datagrams are external input: anyone on the network
 * can send them). A datagram passes only with a BACnet/IP BVLC header whose length matches, a function this gateway
 * handles (original unicast/broadcast, forwarded, result), a valid NPDU and, for APDUs, a header bacnet4j can decode
 * (unconfirmed requests are decoded in full: they are small and arrive unsolicited). Every rejection is counted by
 * rule and logged rate-limited (one line per rule and minute, with a count), never with a stack trace.
 */
public final class DatagramScreen {
    private static final Logger LOG = LoggerFactory.getLogger(DatagramScreen.class);
    public static final long I_AM_INTERVAL_MS = 10_000;
    private static final int MAX_SOURCES = 1024;

    /** Why a datagram was dropped. */
    public enum Rule {
        BVLC_SHORT("bvlc-short", "shorter than the 4-byte BVLC header"),
        BVLC_TYPE("bvlc-type", "not BACnet/IP (BVLC type is not 0x81)"),
        BVLC_LENGTH("bvlc-length", "BVLC length field does not match the datagram"),
        OVERSIZE("oversize", "larger than " + BacnetIpLink.MAX_DATAGRAM + " bytes"),
        BVLC_FUNCTION("bvlc-function", "BVLC function this gateway does not handle (it is no BBMD)"),
        NPDU("npdu", "malformed NPDU"),
        APDU("apdu", "malformed APDU"),
        UNSUPPORTED("unsupported", "a service, segment or object this gateway does not take"),
        RATE("rate", "more than one I-Am per " + I_AM_INTERVAL_MS / 1000 + " s from one address"),
        TRANSPORT("transport", "bacnet4j could not process the message"),
        INTERNAL("internal", "unexpected error while screening");

        public final String id;
        public final String text;

        Rule(String id, String text) {
            this.id = id;
            this.text = text;
        }
    }

    private final Map<Rule, LongAdder> rejected = new EnumMap<>(Rule.class);
    private final LongAdder accepted = new LongAdder();
    private final LongAdder screened = new LongAdder();
    private final LongAdder logged = new LongAdder();
    private final LongAdder ownEchoes = new LongAdder();
    private final RateLimitedLog log;
    private volatile OctetString self;
    private final boolean segmentAcks;
    private final Map<OctetString, Long> lastIAm = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<OctetString, Long> eldest) {
            return size() > MAX_SOURCES;
        }
    };

    /**
     * @param segmentAcks whether segment acknowledgements are taken (a device that sends segmented answers needs
     *                    them; the gateway never sends segmented messages and drops them)
     */
    public DatagramScreen(RateLimitedLog log, boolean segmentAcks) {
        this.log = log;
        this.segmentAcks = segmentAcks;
        for (Rule r : Rule.values()) {
            rejected.put(r, new LongAdder());
        }
    }

    /** The gateway's screen: one log line per rule and minute, no segment acknowledgements. */
    public static DatagramScreen perMinute() {
        return new DatagramScreen(RateLimitedLog.perMinute(LOG), false);
    }

    /** A simulated device's screen: it sends segmented answers, so it takes segment acknowledgements. */
    public static DatagramScreen forDevice() {
        return new DatagramScreen(RateLimitedLog.perMinute(LOG), true);
    }

    /** The gateway's own address: its broadcasts come back on the broadcast socket and are ignored. */
    public void self(OctetString own) {
        this.self = own;
    }

    /** The NPDU to hand to bacnet4j, or null when the datagram is dropped (counted) or not for this gateway. */
    public NPDU screen(Network network, byte[] data, int length, OctetString from) {
        screened.increment();
        if (length > BacnetIpLink.MAX_DATAGRAM) {
            return reject(Rule.OVERSIZE, from, length + " bytes");
        }
        if (length < 4) {
            return reject(Rule.BVLC_SHORT, from, length + " bytes");
        }
        if ((data[0] & 0xff) != BacnetIpLink.BVLC_TYPE) {
            return reject(Rule.BVLC_TYPE, from, String.format("type 0x%02x", data[0] & 0xff));
        }
        int declared = ((data[2] & 0xff) << 8) | (data[3] & 0xff);
        if (declared != length) {
            return reject(Rule.BVLC_LENGTH, from, "declared " + declared + ", received " + length);
        }
        if (from.equals(self)) {
            ownEchoes.increment();
            return null;
        }
        int function = data[1] & 0xff;
        int at;
        OctetString link = from;
        switch (function) {
            case BacnetIpLink.ORIGINAL_UNICAST, BacnetIpLink.ORIGINAL_BROADCAST -> at = 4;
            case 0x04 -> { // Forwarded-NPDU: the originating device's address follows the header
                if (length < 10) {
                    return reject(Rule.BVLC_SHORT, from, "forwarded NPDU without an originating address");
                }
                byte[] ip = {data[4], data[5], data[6], data[7]};
                link = IpNetworkUtils.toOctetString(ip, ((data[8] & 0xff) << 8) | (data[9] & 0xff));
                at = 10;
            }
            case 0x00 -> { // BVLC-Result: nothing to do for a gateway that registers nowhere
                accepted.increment();
                return null;
            }
            default -> {
                return reject(Rule.BVLC_FUNCTION, from, String.format("function 0x%02x", function));
            }
        }
        NPDU npdu;
        try {
            npdu = network.parseNpduData(new ByteQueue(data, at, length - at), link);
        } catch (Exception e) {
            return reject(Rule.NPDU, from, e.toString());
        }
        if (npdu == null) {
            accepted.increment();
            return null; // for another network: not ours to route
        }
        if (!npdu.isNetworkMessage()) {
            try {
                // Decode a copy: bacnet4j decodes the original again on its own thread.
                NPDU copy = network.parseNpduData(new ByteQueue(data, at, length - at), link);
                ServicesSupported services = network.getTransport().getLocalDevice().getServicesSupported();
                APDU apdu = copy.getAPDU(services);
                String unsupported = unsupported(apdu, services);
                if (unsupported != null) {
                    answerReject(network, apdu, link, RejectReason.unrecognizedService);
                    return reject(Rule.UNSUPPORTED, from, unsupported);
                }
                if (apdu instanceof UnconfirmedRequest u) {
                    u.parseServiceData();
                    if (u.getService() instanceof IAmRequest iAm) {
                        ByteQueue q = new ByteQueue();
                        iAm.write(q);
                        ObjectIdentifier id = new ObjectIdentifier(q); // the I-Am's first item
                        if (!id.getObjectType().equals(ObjectType.device)) {
                            return reject(Rule.UNSUPPORTED, from, "I-Am for " + id);
                        }
                        if (!iAmDue(link)) {
                            return reject(Rule.RATE, from, "I-Am for " + id);
                        }
                    }
                } else if (apdu instanceof ConfirmedRequest c) {
                    try {
                        c.parseServiceData();
                    } catch (Exception e) {
                        // What bacnet4j would answer too, without its stack trace in the log.
                        answerReject(network, apdu, link, RejectReason.invalidParameterDataType);
                        throw e;
                    }
                }
            } catch (Exception | StackOverflowError e) {
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                return reject(Rule.APDU, from, e + (root == e ? "" : " (" + root + ")"));
            }
        }
        accepted.increment();
        return npdu;
    }

    /**
     * What bacnet4j would log loudly per packet and this gateway never needs: segmented requests and segment
     * acknowledgements (the gateway neither takes segmented requests nor sends segmented messages) and confirmed
     * services it does not offer.
     */
    private String unsupported(APDU apdu, ServicesSupported services) {
        if (apdu instanceof SegmentACK && !segmentAcks) {
            return "segment acknowledgement";
        }
        if (apdu instanceof ConfirmedRequest c) {
            if (c.isSegmentedMessage()) {
                return "segmented request";
            }
            try {
                ConfirmedRequestService.checkConfirmedRequestService(services, c.getServiceChoice());
            } catch (Exception e) {
                return "confirmed service " + (c.getServiceChoice() & 0xff);
            }
        }
        return null;
    }

    /** A confirmed request the screen drops still gets its answer, so the sender does not wait for a timeout. */
    private static void answerReject(Network network, APDU apdu, OctetString to, RejectReason reason) {
        if (apdu instanceof ConfirmedRequest c && !c.isSegmentedMessage()) {
            try {
                network.sendAPDU(new Address(to), null, new Reject(c.getInvokeId(), reason), false);
            } catch (Exception e) {
                // the sender times out instead
            }
        }
    }

    private boolean iAmDue(OctetString from) {
        long now = System.nanoTime() / 1_000_000;
        synchronized (lastIAm) {
            Long last = lastIAm.get(from);
            if (last != null && now - last < I_AM_INTERVAL_MS) {
                return false;
            }
            lastIAm.put(from, now);
            return true;
        }
    }

    /** Counts and logs (rate-limited) one dropped datagram; returns null for the caller to return. */
    public NPDU reject(Rule rule, OctetString from, String detail) {
        return reject(rule, from == null ? "?" : IpNetworkUtils.toIpPortString(from), detail);
    }

    public NPDU reject(Rule rule, String from, String detail) {
        rejected.get(rule).increment();
        String d = detail == null ? "" : detail.length() > 160 ? detail.substring(0, 160) + "…" : detail;
        if (log.warn("bacnet-datagram:" + rule.id, "BACnet/IP: dropped a datagram from {}: rule {} ({}): {}", from, rule.id, rule.text, d)) {
            logged.increment();
        }
        return null;
    }

    /** A one-off notice (rate-limited like the rest). */
    public void note(String message, Object... args) {
        log.warn("bacnet-note:" + message, message, args);
    }

    public long rejected(Rule rule) {
        return rejected.get(rule).sum();
    }

    public long rejectedTotal() {
        long n = 0;
        for (LongAdder a : rejected.values()) {
            n += a.sum();
        }
        return n;
    }

    /** Datagrams seen by the screen (accepted, ignored or rejected). */
    public long screened() {
        return screened.sum();
    }

    /** Our own broadcasts heard back (not input: ignored). */
    public long ownEchoes() {
        return ownEchoes.sum();
    }

    /** Rejection lines actually written to the log (the rest were rate-limited). */
    public long logged() {
        return logged.sum();
    }

    public long accepted() {
        return accepted.sum();
    }
}
