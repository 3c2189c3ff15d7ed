package org.thermalcommons.edge.oem.heatpump.http;

import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** A short printable excerpt of a vendor's words, for log lines and command reasons (never a whole body). */
final class Excerpt {
    static final int LENGTH = 200;

    private Excerpt() {
    }

    /** At most {@code max} characters, control characters replaced, {@code ...} when cut. */
    static String of(String s, int max) {
        String clean = s.strip().replaceAll("[\\p{Cntrl}\\p{Cf}]", " ");
        return clean.length() <= max ? clean : clean.substring(0, max) + "...";
    }

    /** The body's first {@link #LENGTH} characters, decoded leniently (malformed UTF-8 becomes U+FFFD). */
    static String of(byte[] body, boolean truncated) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(body, 0, Math.min(body.length, LENGTH * 4))).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            text = "";
        }
        String e = of(text, LENGTH);
        return truncated && !e.endsWith("...") ? e + "..." : e;
    }
}
