package org.thermalcommons.edge.market.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** docs/protocol.md carries every schema exactly as the code validates with it, and names every topic. */
class ProtocolDocTest {
    private static final Path DOC = Path.of("..", "..", "docs", "protocol.md");

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void docCarriesTheSchemaAndTopicOfEveryType(MessageType t) throws Exception {
        String doc = Files.readString(DOC);
        assertThat(doc).contains(Schemas.resource(t.wireName() + ".schema.json").strip());
        assertThat(doc).contains(Schemas.resource("envelope.schema.json").strip());
        String topic = Topics.topicFor(t, "{site}");
        assertThat(doc).contains("`" + topic + "`");
    }
}
