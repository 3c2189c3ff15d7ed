package org.thermalcommons.edge.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads text inputs under a size limit: the size is checked before reading (and reading stops one byte past the
 * limit if the file grows meanwhile), the bytes are decoded as strict UTF-8 (a malformed sequence is reported with its
 * byte offset and line instead of being replaced), and text with control characters other than tab, line feed,
 * carriage return and form feed is refused as binary. Never holds more than {@code maxBytes + 1} bytes.
 */
public final class TextInput {
    private TextInput() {
    }

    /** Reads {@code file} as text of the given kind; {@code source} names it in rejections (usually the file name). */
    public static String read(Path file, InputKind kind) throws InputRejectedException, IOException {
        return read(file, file.getFileName().toString(), kind.maxBytes(), kind.description());
    }

    /** Reads {@code file} as text of at most {@code maxBytes}. */
    public static String read(Path file, String source, long maxBytes, String what) throws InputRejectedException, IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw tooLarge(source, size, maxBytes, what);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        }
        if (bytes.length > maxBytes) {
            throw tooLarge(source, bytes.length, maxBytes, what);
        }
        return decode(source, bytes);
    }

    /** Decodes bytes already bounded by the caller (a datagram, an MQTT payload, an HTTP body) as strict UTF-8 text. */
    public static String decode(String source, byte[] bytes) throws InputRejectedException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        int control = firstControl(bytes); // ASCII control bytes are never inside a multi-byte UTF-8 sequence
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError() && (control < 0 || in.position() < control)) {
            int offset = in.position();
            throw new InputRejectedException(source, "byte " + offset + " (line " + lineAt(bytes, offset) + ")", "utf-8",
                    "not valid UTF-8: " + describe(bytes, offset, r.length()));
        }
        if (control >= 0) {
            throw new InputRejectedException(source, "byte " + control + " (line " + lineAt(bytes, control) + ")", "binary",
                    String.format("control character 0x%02X: binary content, expected text", bytes[control]));
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        return text;
    }

    /** Like {@link #decode} for callers that only need a yes or no. */
    public static boolean isText(byte[] bytes) {
        try {
            decode("", bytes);
            return true;
        } catch (InputRejectedException e) {
            return false;
        }
    }

    /** 1-based line of a byte offset. */
    static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int firstControl(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            byte c = bytes[i];
            if ((c >= 0 && c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F) {
                return i;
            }
        }
        return -1;
    }

    private static String describe(byte[] bytes, int offset, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = offset; i < Math.min(bytes.length, offset + Math.max(1, length)); i++) {
            b.append(String.format("0x%02X ", bytes[i] & 0xFF));
        }
        return "malformed byte sequence " + b.toString().strip();
    }

    private static InputRejectedException tooLarge(String source, long size, long maxBytes, String what) {
        return new InputRejectedException(source, "", "max-size", "is " + size + " bytes; a " + what + " may have at most "
                + maxBytes + " bytes (not read)");
    }
}
