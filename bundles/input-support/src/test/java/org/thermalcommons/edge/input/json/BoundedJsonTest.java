package org.thermalcommons.edge.input.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.input.InputRejectedException;

class BoundedJsonTest {
    final BoundedJson json = new BoundedJson(JsonLimits.PROFILE);

    InputRejectedException reject(String text) {
        return catchThrowableOfType(() -> json.readTree("p.json", text), InputRejectedException.class);
    }

    @Test
    void readsAValidDocument() throws Exception {
        JsonNode n = json.readTree("p.json", "{\"a\":[1,2,{\"b\":\"c\"}]}");
        assertThat(n.at("/a/2/b").asText()).isEqualTo("c");
    }

    @Test
    void aDeeplyNestedKilobyteIsRejectedAtItsPointer() {
        InputRejectedException e = reject("{\"points\":" + "[".repeat(500) + "]".repeat(500) + "}");
        assertThat(e.rule()).isEqualTo("json-depth");
        assertThat(e.location()).startsWith("/points/0/0/0");
        assertThat(e.detail()).contains("exceeds a limit").contains("16");
    }

    @Test
    void aDuplicateKeyIsRejectedWithItsPointer() {
        InputRejectedException e = reject("{\"id\":\"a\",\"points\":[{\"name\":\"x\",\"name\":\"y\"}]}");
        assertThat(e.rule()).isEqualTo("duplicate-key");
        assertThat(e.location()).startsWith("/points/0/name");
        assertThat(e.detail()).contains("'name'");
    }

    @Test
    void longStringsNamesAndNumbersAreRejected() {
        assertThat(reject("{\"a\":\"" + "x".repeat(5000) + "\"}").rule()).isEqualTo("json-string-length");
        assertThat(reject("{\"" + "k".repeat(100) + "\":1}").rule()).isEqualTo("json-name-length");
        assertThat(reject("{\"a\":" + "9".repeat(100) + "}").rule()).isEqualTo("json-number-length");
    }

    @Test
    void aDocumentOverTheLimitIsRejectedBeforeParsing() {
        InputRejectedException e = reject(" ".repeat((int) JsonLimits.PROFILE.maxDocumentBytes() + 1));
        assertThat(e.rule()).isEqualTo("json-document-length");
    }

    @Test
    void syntaxErrorsTrailingContentAndEmptyInputAreRejected() {
        assertThat(reject("{ not json").rule()).isEqualTo("json-syntax");
        assertThat(reject("{\"a\":1} {\"b\":2}").rule()).isEqualTo("json-syntax");
        assertThat(reject("   ").rule()).isEqualTo("json-syntax");
        assertThat(reject("{ not json").getMessage()).startsWith("p.json /").contains("line 1");
    }
}
