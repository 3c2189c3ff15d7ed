package org.thermalcommons.edge.market.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every message type's schema against a valid sample and invalid variants of it. */
class SchemaSamplesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ProtocolCodec CODEC = new ProtocolCodec();

    static ObjectNode sample(MessageType t) throws IOException {
        try (InputStream in = SchemaSamplesTest.class.getResourceAsStream("/samples/" + t.wireName() + ".json")) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    static byte[] bytes(JsonNode n) throws IOException {
        return JSON.writeValueAsBytes(n);
    }

    static ProtocolException rejection(JsonNode n) {
        try {
            CODEC.decode(bytes(n));
        } catch (ProtocolException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted: " + n);
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void validSampleDecodesToItsRecordAndReEncodesEqual(MessageType t) throws Exception {
        ObjectNode s = sample(t);
        Envelope<?> m = CODEC.decode(bytes(s));
        assertThat(m.type()).isEqualTo(t);
        assertThat(m.body()).isInstanceOf(t.bodyType());
        assertThat(CODEC.decode(CODEC.encode(m))).isEqualTo(m);
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void everyRequiredBodyFieldIsRequired(MessageType t) throws Exception {
        JsonNode schema = JSON.readTree(Schemas.resource(t.wireName() + ".schema.json"));
        List<String> required = new ArrayList<>();
        schema.at("/properties/body/required").forEach(f -> required.add(f.asText()));
        assertThat(required).isNotEmpty();
        for (String field : required) {
            ObjectNode s = sample(t);
            ((ObjectNode) s.get("body")).remove(field);
            ProtocolException e = rejection(s);
            assertThat(e.rule()).as(field).isEqualTo("required");
            assertThat(e.pointer()).as(field).isEqualTo("/body");
            assertThat(e.getMessage()).contains(field);
        }
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void everyEnvelopeFieldIsRequired(MessageType t) throws Exception {
        for (String field : List.of("v", "id", "site", "ts", "body")) {
            ObjectNode s = sample(t);
            s.remove(field);
            assertThat(rejection(s).rule()).as(field).isEqualTo("required");
        }
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of(MessageType.BID, "/body/steps/0/kw", "0", "exclusiveMinimum"),
                Arguments.of(MessageType.BID, "/body/side", "\"hold\"", "enum"),
                Arguments.of(MessageType.BID, "/body/steps", "[]", "minItems"),
                Arguments.of(MessageType.BID, "/body/validUntil", "\"tomorrow\"", "format"),
                Arguments.of(MessageType.BID, "/body/interval/start", "17", "type"),
                Arguments.of(MessageType.TRADE, "/body/kw", "-3", "exclusiveMinimum"),
                Arguments.of(MessageType.TRADE, "/body/pricePerKwh", "\"cheap\"", "type"),
                Arguments.of(MessageType.SIGNAL, "/body/gridStress", "\"panic\"", "enum"),
                Arguments.of(MessageType.SIGNAL, "/body/intervalMinutes", "0", "minimum"),
                Arguments.of(MessageType.SIGNAL, "/body/gateClosure", "1.5", "type"),
                Arguments.of(MessageType.STATUS, "/body/state", "\"maybe\"", "enum"),
                Arguments.of(MessageType.STATUS, "/body/mode", "\"manual\"", "enum"),
                Arguments.of(MessageType.TELEMETRY, "/body/socPercent", "101", "maximum"),
                Arguments.of(MessageType.TELEMETRY, "/body/historical", "\"yes\"", "type"),
                Arguments.of(MessageType.DELIVERY, "/body/tradeIds", "\"t-1\"", "type"),
                Arguments.of(MessageType.ACK, "/body/tradeId", "\"\"", "minLength"),
                Arguments.of(MessageType.BID_CANCEL, "/body/bidId", "\"a b\"", "pattern"),
                Arguments.of(MessageType.CLEARING, "/body/volumeKw", "-1", "minimum"),
                Arguments.of(MessageType.BID_RESULT, "/body/status", "\"maybe\"", "enum"),
                Arguments.of(MessageType.TRADE, "/v", "2", "const"),
                Arguments.of(MessageType.TRADE, "/site", "\"site/1\"", "pattern"),
                Arguments.of(MessageType.TRADE, "/ts", "\"2026-12-01 10:00\"", "format"));
    }

    @ParameterizedTest(name = "{0} {1} = {2} breaks {3}")
    @MethodSource("invalidValues")
    void invalidValueIsRejectedWithPointerAndRule(MessageType t, String pointer, String value, String rule)
            throws Exception {
        ObjectNode s = sample(t);
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = slash == 0 ? s : s.at(pointer.substring(0, slash));
        ((ObjectNode) parent).set(pointer.substring(slash + 1), JSON.readTree(value));
        ProtocolException e = rejection(s);
        assertThat(e.pointer()).isEqualTo(pointer);
        assertThat(e.rule()).isEqualTo(rule);
        assertThat(e.getMessage()).contains(pointer).contains(rule);
    }

    @Test
    void rejectionWithoutReasonBreaksTheConditionalRule() throws Exception {
        ObjectNode s = sample(MessageType.BID_RESULT);
        ((ObjectNode) s.get("body")).remove("reason");
        assertThat(rejection(s).rule()).isEqualTo("required");
    }

    @Test
    void nonMonotoneBidIsRejectedAsSemantic() throws Exception {
        ObjectNode s = sample(MessageType.BID);
        ((ObjectNode) s.at("/body/steps/1")).put("pricePerKwh", 0.01);
        ProtocolException e = rejection(s);
        assertThat(e.rule()).isEqualTo("semantic");
        assertThat(e.getMessage()).contains("monotone");
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        ObjectNode s = sample(MessageType.ACK);
        s.put("extra", 1);
        ((ObjectNode) s.get("body")).put("note", "later versions may add this");
        assertThat(CODEC.decode(bytes(s)).body()).isEqualTo(new Ack("t-1"));
    }

    @Test
    void unknownTypeIsRejected() throws Exception {
        ObjectNode s = sample(MessageType.ACK);
        s.put("type", "hello");
        ProtocolException e = rejection(s);
        assertThat(e.pointer()).isEqualTo("/type");
        assertThat(e.rule()).isEqualTo("enum");
    }

    @Test
    void oversizedPayloadIsRejectedBeforeParsing() {
        byte[] big = new byte[ProtocolCodec.MAX_PAYLOAD_BYTES + 1];
        java.util.Arrays.fill(big, (byte) '[');
        assertThatThrownBy(() -> CODEC.decode(big)).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).rule()).isEqualTo("maxBytes");
    }

    @Test
    void deepNestingAndGarbageAreRejectedAsJson() {
        byte[] deep = "[".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CODEC.decode(deep)).extracting(e -> ((ProtocolException) e).rule())
                .isEqualTo("json");
        assertThatThrownBy(() -> CODEC.decode("{\"v\":".getBytes(StandardCharsets.UTF_8)))
                .extracting(e -> ((ProtocolException) e).rule()).isEqualTo("json");
        assertThatThrownBy(() -> CODEC.decode("[1]".getBytes(StandardCharsets.UTF_8)))
                .extracting(e -> ((ProtocolException) e).rule()).isEqualTo("type");
    }

    @Test
    void duplicateKeysAreRejected() {
        byte[] dup = "{\"v\":1,\"v\":1}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CODEC.decode(dup)).extracting(e -> ((ProtocolException) e).rule())
                .isEqualTo("json");
    }
}
