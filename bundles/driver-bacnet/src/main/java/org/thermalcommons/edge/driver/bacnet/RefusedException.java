package org.thermalcommons.edge.driver.bacnet;

import com.serotonin.bacnet4j.apdu.Abort;
import com.serotonin.bacnet4j.apdu.AckAPDU;
import com.serotonin.bacnet4j.apdu.Error;
import com.serotonin.bacnet4j.apdu.Reject;
import com.serotonin.bacnet4j.type.error.ErrorClassAndCode;
import java.io.IOException;

/**
 * The device answered, but with an Error, Reject or Abort (as opposed to not answering): it concerns the request (or
 * one of the properties it names), never the device's reachability. The reason names the BACnet error class and code
 * (e.g. {@code property: value-out-of-range}), reject reason or abort reason.
 */
final class RefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    enum Kind { ERROR, REJECT, ABORT }

    private final Kind kind;
    private final String reason;

    RefusedException(Kind kind, String service, String reason) {
        super("device refused " + service + ": " + reason);
        this.kind = kind;
        this.reason = reason;
    }

    static RefusedException of(String service, AckAPDU ack) {
        if (ack instanceof Error e) {
            ErrorClassAndCode c = e.getError().getErrorClassAndCode();
            return new RefusedException(Kind.ERROR, service, c.getErrorClass() + ": " + c.getErrorCode());
        }
        if (ack instanceof Reject r) {
            return new RefusedException(Kind.REJECT, service, "reject: " + r.getRejectReason());
        }
        if (ack instanceof Abort a) {
            return new RefusedException(Kind.ABORT, service, "abort: " + a.getAbortReason());
        }
        return new RefusedException(Kind.ERROR, service, String.valueOf(ack));
    }

    Kind kind() {
        return kind;
    }

    /** E.g. {@code property: value-out-of-range}. */
    String reason() {
        return reason;
    }
}
