package org.thermalcommons.edge.input;

import java.util.Objects;

/**
 * An external input broke a rule. Carries where (the source, e.g. a file name, and a location inside it: a line, a
 * byte offset or a JSON pointer), which rule (a short stable name such as {@code max-size}, used as a metric label)
 * and a sentence for the log. The message reads {@code <source> <location>: <detail> [rule <rule>]}.
 */
public final class InputRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String location;
    private final String rule;
    private final String detail;

    public InputRejectedException(String source, String location, String rule, String detail) {
        super(source + (location.isEmpty() ? "" : " " + location) + ": " + detail + " [rule " + rule + "]", null, false, false);
        this.source = Objects.requireNonNull(source, "source");
        this.location = Objects.requireNonNull(location, "location");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /** The input, e.g. a file name. */
    public String source() {
        return source;
    }

    /** Where inside it: {@code line 3}, {@code byte 17 (line 2)}, a JSON pointer such as {@code /points/0/name}, or "". */
    public String location() {
        return location;
    }

    /** The rule's stable name, e.g. {@code max-size}, {@code utf-8}, {@code binary}, {@code duplicate-key}. */
    public String rule() {
        return rule;
    }

    /** What is wrong, in a sentence. */
    public String detail() {
        return detail;
    }
}
