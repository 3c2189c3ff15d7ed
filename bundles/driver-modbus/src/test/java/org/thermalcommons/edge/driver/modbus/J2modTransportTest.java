package org.thermalcommons.edge.driver.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.driver.modbus.ProtocolViolation.Rule;
import org.thermalcommons.edge.driver.modbus.ScriptedModbusServer.Reply;

/** The transport against a scripted socket server: retries, exception responses, and every rule it checks. */
class J2modTransportTest {
    final int[] holding = new int[200];
    final int[] input = new int[20];
    final boolean[] bits = new boolean[20];
    final ModbusCounters counters = new ModbusCounters();

    {
        for (int i = 0; i < holding.length; i++) {
            holding[i] = i * 3;
        }
    }

    Reply good(ScriptedModbusServer.Request r) {
        return Reply.of(ScriptedModbusServer.answer(r, holding, input, bits));
    }

    @Test
    void retriesTakeEffectOnAFreshConnectionAfterATimeout() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (ScriptedModbusServer server = new ScriptedModbusServer(r -> n.getAndIncrement() == 0 ? Reply.silence() : good(r))) {
            J2modTransport t = new J2modTransport("127.0.0.1", server.port(), 1000, 1, counters);
            assertThat(t.readHolding(1, 10, 2)).containsExactly(30, 33);
            assertThat(counters.rejectedCount(Rule.TIMEOUT)).isEqualTo(1);
            assertThat(server.connections.get()).isEqualTo(2);
            t.close();
        }
        n.set(0);
        try (ScriptedModbusServer server = new ScriptedModbusServer(r -> n.getAndIncrement() == 0 ? Reply.silence() : good(r))) {
            J2modTransport t = new J2modTransport("127.0.0.1", server.port(), 1000, 0, counters);
            assertThatThrownBy(() -> t.readHolding(1, 10, 2)).isInstanceOfSatisfying(ProtocolViolation.class,
                    v -> assertThat(v.rule()).isEqualTo(Rule.TIMEOUT));
            t.close();
        }
    }

    @Test
    void anExceptionResponseNamesTheExceptionAndKeepsTheConnection() throws Exception {
        try (ScriptedModbusServer server = new ScriptedModbusServer(r -> r.start() == 50
                ? Reply.of(ScriptedModbusServer.exception(r, 2)) : good(r))) {
            J2modTransport t = new J2modTransport("127.0.0.1", server.port(), 500, 1, counters);
            assertThatThrownBy(() -> t.readHolding(1, 50, 4)).isInstanceOfSatisfying(ModbusExceptionResponse.class, e -> {
                assertThat(e.code()).isEqualTo(2);
                assertThat(e.reason()).isEqualTo("exception 2 illegal data address");
            });
            assertThat(t.connected()).isTrue();
            assertThat(t.readHolding(1, 1, 1)).containsExactly(3);
            assertThat(server.connections.get()).isEqualTo(1);
            assertThat(counters.exceptionsByCode()).containsEntry(2, 1L);
            t.close();
        }
    }

    @Test
    void aStaleAnswerToAnEarlierTransactionIsDiscardedAndCounted() throws Exception {
        try (ScriptedModbusServer server = new ScriptedModbusServer(r -> {
            byte[] stale = ScriptedModbusServer.answer(new ScriptedModbusServer.Request(r.tid() - 1, r.unit(), r.fc(), 0, 1, r.pdu()),
                    holding, input, bits);
            byte[] right = ScriptedModbusServer.answer(r, holding, input, bits);
            byte[] both = new byte[stale.length + right.length];
            System.arraycopy(stale, 0, both, 0, stale.length);
            System.arraycopy(right, 0, both, stale.length, right.length);
            return Reply.of(both);
        })) {
            J2modTransport t = new J2modTransport("127.0.0.1", server.port(), 500, 0, counters);
            assertThat(t.readHolding(1, 7, 1)).containsExactly(21);
            assertThat(counters.rejectedCount(Rule.TRANSACTION_ID)).isEqualTo(1);
            t.close();
        }
    }

    @Test
    void answersBreakingARuleAreRejectedUnderThatRule() throws Exception {
        List<Rule> seen = Collections.synchronizedList(new ArrayList<>());
        String[] mode = {""};
        try (ScriptedModbusServer server = new ScriptedModbusServer(r -> switch (mode[0]) {
            case "unit" -> Reply.of(ScriptedModbusServer.frame(r.tid(), r.unit() + 1, new byte[] {3, 2, 0, 1}));
            case "fc" -> Reply.of(ScriptedModbusServer.frame(r.tid(), r.unit(), new byte[] {4, 2, 0, 1}));
            case "length" -> Reply.of(ScriptedModbusServer.frame(r.tid(), r.unit(), new byte[] {3, 2, 0, 1}));
            case "echo" -> Reply.of(ScriptedModbusServer.frame(r.tid(), r.unit(), new byte[] {6, 0, 9, 0, 1}));
            case "truncated" -> new Reply(java.util.Arrays.copyOf(ScriptedModbusServer.answer(r, holding, input, bits), 9), 0, true);
            default -> good(r);
        })) {
            J2modTransport t = new J2modTransport("127.0.0.1", server.port(), 300, 0, counters);
            for (String m : List.of("unit", "fc", "length", "truncated")) {
                mode[0] = m;
                try {
                    t.readHolding(1, 0, 3);
                } catch (ProtocolViolation v) {
                    seen.add(v.rule());
                }
            }
            mode[0] = "echo";
            try {
                t.writeRegisters(1, 8, new int[] {1}, false);
            } catch (ProtocolViolation v) {
                seen.add(v.rule());
            }
            assertThat(seen).containsExactly(Rule.UNIT_ID, Rule.FUNCTION_CODE, Rule.LENGTH, Rule.CLOSED, Rule.ECHO);
            assertThat(counters.rejectedByRule()).containsEntry(Rule.UNIT_ID, 1L).containsEntry(Rule.FUNCTION_CODE, 1L)
                    .containsEntry(Rule.LENGTH, 1L).containsEntry(Rule.CLOSED, 1L).containsEntry(Rule.ECHO, 1L);
            mode[0] = "";
            assertThat(t.readHolding(1, 0, 3)).containsExactly(0, 3, 6);
            t.close();
        }
    }

    @Test
    void singleRegistersGoOutWithFc6OrWithFc16WhenTheDeviceAcceptsOnlyThat() throws Exception {
        List<Integer> fcs = Collections.synchronizedList(new ArrayList<>());
        try (ScriptedModbusServer server = new ScriptedModbusServer(r -> {
            fcs.add(r.fc());
            return good(r);
        })) {
            J2modTransport t = new J2modTransport("127.0.0.1", server.port(), 500, 0, counters);
            t.writeRegisters(1, 5, new int[] {77}, false);
            t.writeRegisters(1, 6, new int[] {88}, true);
            t.writeRegisters(1, 7, new int[] {1, 2}, false);
            assertThat(fcs).containsExactly(6, 16, 16);
            assertThat(holding[5]).isEqualTo(77);
            assertThat(holding[6]).isEqualTo(88);
            assertThat(holding[8]).isEqualTo(2);
            t.close();
        }
    }
}
