package org.thermalcommons.edge.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayPropertiesTest {
    @TempDir
    Path dir;

    Path file() {
        return dir.resolve(GatewayProperties.FILE);
    }

    @Test
    void readsTheFeatures() throws Exception {
        Files.writeString(file(), "# which features\nfeatures = core, store ,demo\n");
        assertThat(GatewayProperties.load(dir).features()).containsExactly("core", "store", "demo");
    }

    @Test
    void noFileMeansTheDefaultFeatures() throws Exception {
        assertThat(GatewayProperties.load(dir).features()).isEqualTo(GatewayProperties.DEFAULT_FEATURES);
    }

    @Test
    void aBinaryFileIsOneMessageNamingTheFileAndLine() throws Exception {
        Files.write(file(), new byte[] {'f', 'e', 'a', '\n', 0x7F, 'E', 'L', 'F', 2, 1, 1, 0});
        assertThatThrownBy(() -> GatewayProperties.load(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file() + " byte 4 (line 2): control character 0x7F: binary content, expected text [rule binary]");
    }

    @Test
    void malformedUtf8NamesTheByteAndLine() throws Exception {
        Files.write(file(), new byte[] {'#', '\n', 'f', '=', (byte) 0xC3, '('});
        assertThatThrownBy(() -> GatewayProperties.load(dir))
                .hasMessage(file() + " byte 4 (line 2): not valid UTF-8: malformed byte sequence 0xC3 [rule utf-8]");
    }

    @Test
    void anOversizedFileIsRejectedUnread() throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file().toFile(), "rw")) {
            f.setLength(100L * 1024 * 1024);
        }
        assertThatThrownBy(() -> GatewayProperties.load(dir))
                .hasMessage(file() + ": is 104857600 bytes; a gateway.properties may have at most 65536 bytes (not read)"
                        + " [rule max-size]");
    }

    @Test
    void unknownDuplicateAndMissingKeysNameTheLine() throws Exception {
        Files.writeString(file(), "features = core\n\nfeatrues = store\n");
        assertThatThrownBy(() -> GatewayProperties.load(dir)).hasMessageStartingWith(file() + " line 3: key 'featrues' is unknown");
        Files.writeString(file(), "features = core\nfeatures = store\n");
        assertThatThrownBy(() -> GatewayProperties.load(dir)).hasMessage(file()
                + " line 2: key 'features' is set twice (first on line 1) [rule duplicate-key]");
        Files.writeString(file(), "# nothing\n");
        assertThatThrownBy(() -> GatewayProperties.load(dir)).hasMessage(file()
                + ": key 'features' must name at least one feature [rule required]");
        Files.writeString(file(), "features = core, Store!\n");
        assertThatThrownBy(() -> GatewayProperties.load(dir)).hasMessageStartingWith(file() + " line 1: key 'features': 'Store!'");
    }
}
