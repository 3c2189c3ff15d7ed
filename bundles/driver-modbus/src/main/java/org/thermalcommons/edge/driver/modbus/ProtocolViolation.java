package org.thermalcommons.edge.driver.modbus;

import java.io.IOException;

/**
 * A response (or the lack of one) the driver rejects, with the rule it breaks. The connection is not trusted after
 * one (the stream may be out of step), so it counts as a device failure: the device backs off and reconnects.
 */
final class ProtocolViolation extends IOException {
    private static final long serialVersionUID = 1L;

    /** The rules, as counted in metrics ({@code rule} label) and named in the log. */
    enum Rule {
        CONNECT("connect"), TIMEOUT("timeout"), CLOSED("connection-closed"), IO("io"),
        TRANSACTION_ID("transaction-id"), PROTOCOL_ID("protocol-id"), UNIT_ID("unit-id"), FUNCTION_CODE("function-code"),
        LENGTH("length"), ECHO("write-echo"), MALFORMED("malformed-frame");

        final String label;

        Rule(String label) {
            this.label = label;
        }
    }

    private final Rule rule;

    ProtocolViolation(Rule rule, String message, Throwable cause) {
        super(rule.label + ": " + message, cause);
        this.rule = rule;
    }

    Rule rule() {
        return rule;
    }
}
