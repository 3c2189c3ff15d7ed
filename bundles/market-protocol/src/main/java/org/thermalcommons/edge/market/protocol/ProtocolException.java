package org.thermalcommons.edge.market.protocol;

/**
 * A payload that broke the protocol. {@link #pointer()} is where (a JSON pointer, empty for the whole payload) and
 * {@link #rule()} which rule ({@code maxBytes}, {@code json}, a JSON Schema keyword such as {@code required}, or
 * {@code site}, {@code topic}); the message says both in a sentence. Never carries the payload itself.
 */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String pointer;
    private final String rule;

    public ProtocolException(String pointer, String rule, String message) {
        super(message);
        this.pointer = pointer;
        this.rule = rule;
    }

    public String pointer() {
        return pointer;
    }

    public String rule() {
        return rule;
    }
}
