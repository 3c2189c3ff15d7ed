package org.thermalcommons.edge.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextInputTest {
    @TempDir
    Path dir;

    @Test
    void readsUtf8TextUnderTheLimit() throws Exception {
        Path f = Files.writeString(dir.resolve("a.cfg"), "name = Zürich 25 °C\n");
        assertThat(TextInput.read(f, InputKind.CONFIG_FILE)).isEqualTo("name = Zürich 25 °C\n");
    }

    @Test
    void anOversizedFileIsRejectedBeforeItIsRead() throws IOException {
        Path f = dir.resolve("huge.cfg");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(50L * 1024 * 1024); // sparse: 50 MB that would not fit a small heap as a String
        }
        InputRejectedException e = catchThrowableOfType(() -> TextInput.read(f, InputKind.CONFIG_FILE),
                InputRejectedException.class);
        assertThat(e.rule()).isEqualTo("max-size");
        assertThat(e.getMessage()).isEqualTo("huge.cfg: is 52428800 bytes; a configuration file may have at most 65536 bytes"
                + " (not read) [rule max-size]");
    }

    @Test
    void malformedUtf8IsReportedWithByteOffsetAndLine() throws IOException {
        byte[] bytes = "a = 1\nb = \u00e9t\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Path f = Files.write(dir.resolve("latin1.cfg"), bytes);
        assertThatThrownBy(() -> TextInput.read(f, InputKind.CONFIG_FILE))
                .isInstanceOf(InputRejectedException.class)
                .hasMessage("latin1.cfg byte 10 (line 2): not valid UTF-8: malformed byte sequence 0xE9 [rule utf-8]");
    }

    @Test
    void binaryContentIsRejectedWithItsOffset() throws IOException {
        Path f = Files.write(dir.resolve("bin.cfg"), new byte[] {'a', '=', '1', '\n', 0, 1, 2, 3});
        InputRejectedException e = catchThrowableOfType(() -> TextInput.read(f, InputKind.CONFIG_FILE),
                InputRejectedException.class);
        assertThat(e.rule()).isEqualTo("binary");
        assertThat(e.location()).isEqualTo("byte 4 (line 2)");
        assertThat(e.detail()).contains("0x00");
    }

    @Test
    void aByteOrderMarkIsAccepted() throws Exception {
        assertThat(TextInput.decode("x", "\uFEFFa = 1".getBytes(StandardCharsets.UTF_8))).isEqualTo("a = 1");
        assertThat(TextInput.isText(new byte[] {(byte) 0xC3})).isFalse();
    }

    @Test
    void rejectionsAreCountedPerRule() {
        Rejections r = new Rejections();
        r.count("max-size");
        r.count(new InputRejectedException("f", "", "utf-8", "x"));
        r.count("max-size");
        assertThat(r.total()).isEqualTo(3);
        assertThat(r.of("max-size")).isEqualTo(2);
        assertThat(r.byRule()).containsExactly(java.util.Map.entry("max-size", 2L), java.util.Map.entry("utf-8", 1L));
    }
}
