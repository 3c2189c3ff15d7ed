package org.thermalcommons.edge.driver.modbus;

/**
 * The device answered a request with a Modbus exception response: it is reachable and refused this one request (an
 * unmapped address, a value it does not accept, busy). Concerns the block or point requested, never the device.
 */
final class ModbusExceptionResponse extends Exception {
    private static final long serialVersionUID = 1L;

    private final int code;

    ModbusExceptionResponse(int code, String request) {
        super("exception " + code + " " + name(code) + " (" + request + ")");
        this.code = code;
    }

    int code() {
        return code;
    }

    /** "exception 2 illegal data address": what a point's fault reason and a refused write say. */
    String reason() {
        return "exception " + code + " " + name(code);
    }

    /**
     * Gateway exceptions (10 path unavailable, 11 target failed to respond) mean the device behind a gateway did not
     * answer: that is the device being unreachable, not a refusal.
     */
    boolean deviceUnreachable() {
        return code == 10 || code == 11;
    }

    static String name(int code) {
        return switch (code) {
            case 1 -> "illegal function";
            case 2 -> "illegal data address";
            case 3 -> "illegal data value";
            case 4 -> "server device failure";
            case 5 -> "acknowledge";
            case 6 -> "server device busy";
            case 8 -> "memory parity error";
            case 7 -> "negative acknowledge";
            case 10 -> "gateway path unavailable";
            case 11 -> "gateway target device failed to respond";
            default -> "unknown exception code";
        };
    }
}
