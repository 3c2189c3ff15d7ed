package org.thermalcommons.edge.driver.modbus;

import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.io.ModbusTCPTransport;
import com.ghgande.j2mod.modbus.msg.ExceptionResponse;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.msg.ReadCoilsRequest;
import com.ghgande.j2mod.modbus.msg.ReadCoilsResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersResponse;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.msg.WriteCoilRequest;
import com.ghgande.j2mod.modbus.msg.WriteCoilResponse;
import com.ghgande.j2mod.modbus.msg.WriteMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.msg.WriteSingleRegisterRequest;
import com.ghgande.j2mod.modbus.msg.WriteSingleRegisterResponse;
import com.ghgande.j2mod.modbus.net.TCPMasterConnection;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Locale;
import org.thermalcommons.edge.driver.modbus.ProtocolViolation.Rule;

/**
 * {@link ModbusTransport} on j2mod's TCP connection and framing, with the transaction handled here rather than by
 * j2mod's facade (which applies {@code retries} only when set after connecting, sleeps a random time on a mismatched
 * transaction id and checks neither the unit id nor the echo of a write). Each response is checked against its request:
 * transaction id (stale answers to an earlier, timed-out request are discarded, a bounded number of times), protocol
 * id, unit id, function code, length, write echo. A timeout or a dropped connection is retried {@code retries} times on
 * a fresh connection; any other rejection fails at once. Every rejection is counted under its rule.
 */
final class J2modTransport implements ModbusTransport {
    /** Stale responses (earlier transaction ids) discarded while waiting for the right one. */
    static final int MAX_STALE_RESPONSES = 4;

    private final String host;
    private final int port;
    private final int timeoutMs;
    private final int retries;
    private final ModbusCounters counters;
    private TCPMasterConnection connection;
    private ModbusTCPTransport io;
    private int nextTransactionId = 1;

    J2modTransport(String host, int port, int timeoutMs, int retries, ModbusCounters counters) {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be >= 0");
        }
        this.host = host;
        this.port = port;
        this.timeoutMs = timeoutMs;
        this.retries = retries;
        this.counters = counters;
    }

    @Override
    public void connect() throws IOException {
        close();
        try {
            TCPMasterConnection c = new TCPMasterConnection(InetAddress.getByName(host));
            c.setPort(port);
            c.setTimeout(timeoutMs);
            c.connect();
            connection = c;
            io = (ModbusTCPTransport) c.getModbusTransport();
            io.setTimeout(timeoutMs);
        } catch (Exception e) {
            close();
            counters.rejected(Rule.CONNECT);
            throw new ProtocolViolation(Rule.CONNECT, "connect to " + host + ":" + port + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean connected() {
        return connection != null && connection.isConnected();
    }

    /** Sends the request and returns its checked response, retrying timeouts and dropped connections. */
    private ModbusResponse exchange(ModbusRequest req, int unit, String what) throws IOException, ModbusExceptionResponse {
        req.setUnitID(unit);
        for (int attempt = 0; ; attempt++) {
            if (!connected()) {
                connect();
            }
            try {
                return once(req, what);
            } catch (ProtocolViolation v) {
                counters.rejected(v.rule());
                close();
                boolean retryable = v.rule() == Rule.TIMEOUT || v.rule() == Rule.CLOSED;
                if (!retryable || attempt >= retries) {
                    throw v;
                }
            }
        }
    }

    private ProtocolViolation violation(Rule rule, String what, String detail) {
        return new ProtocolViolation(rule, what + " on " + host + ":" + port + ": " + detail, null);
    }

    private ModbusResponse once(ModbusRequest req, String what) throws ProtocolViolation, ModbusExceptionResponse {
        int tid = nextTransactionId;
        nextTransactionId = nextTransactionId % 0xFFFF + 1;
        req.setTransactionID(tid);
        long t0 = System.nanoTime();
        ModbusResponse r;
        try {
            io.writeRequest(req);
        } catch (ModbusIOException e) {
            Rule rule = classify(e) == Rule.TIMEOUT ? Rule.TIMEOUT : Rule.CLOSED;
            throw new ProtocolViolation(rule, what + " on " + host + ":" + port + ": sending failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ProtocolViolation(Rule.IO, what + " on " + host + ":" + port + ": sending failed: " + e, e);
        }
        try {
            for (int stale = 0; ; stale++) {
                r = io.readResponse();
                if (r.getTransactionID() == tid) {
                    break;
                }
                if (stale >= MAX_STALE_RESPONSES) {
                    throw violation(Rule.TRANSACTION_ID, what, "answers carry transaction id " + r.getTransactionID() + ", expected " + tid);
                }
                counters.rejected(Rule.TRANSACTION_ID);
            }
        } catch (ModbusIOException e) {
            throw new ProtocolViolation(classify(e), what + " on " + host + ":" + port + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ProtocolViolation(Rule.MALFORMED, what + " on " + host + ":" + port + ": unparseable response (" + e + ")", e);
        }
        counters.latency(System.nanoTime() - t0);
        if (r.getProtocolID() != 0) {
            throw violation(Rule.PROTOCOL_ID, what, "protocol id " + r.getProtocolID() + ", expected 0");
        }
        if (r.getUnitID() != req.getUnitID()) {
            throw violation(Rule.UNIT_ID, what, "answer from unit " + r.getUnitID() + ", expected " + req.getUnitID());
        }
        if (r instanceof ExceptionResponse er) {
            if ((er.getFunctionCode() & 0x7F) != req.getFunctionCode()) {
                throw violation(Rule.FUNCTION_CODE, what, "exception for function " + (er.getFunctionCode() & 0x7F)
                        + ", expected " + req.getFunctionCode());
            }
            counters.exception(er.getExceptionCode());
            throw new ModbusExceptionResponse(er.getExceptionCode(), what);
        }
        if (r.getFunctionCode() != req.getFunctionCode()) {
            throw violation(Rule.FUNCTION_CODE, what, "function " + r.getFunctionCode() + ", expected " + req.getFunctionCode());
        }
        return r;
    }

    private static Rule classify(ModbusIOException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("timeout") || m.contains("timed out")) {
            return Rule.TIMEOUT;
        }
        if (e.isEOF() || m.contains("premature end") || m.contains("reset") || m.contains("closed") || m.contains("broken pipe")) {
            return Rule.CLOSED;
        }
        // j2mod's framing gave up on what it read (a length beyond its buffer, a PDU it cannot parse)
        return Rule.MALFORMED;
    }

    private <T extends ModbusResponse> T as(Class<T> type, ModbusResponse r, String what) throws ProtocolViolation {
        if (!type.isInstance(r)) {
            close();
            counters.rejected(Rule.FUNCTION_CODE);
            throw violation(Rule.FUNCTION_CODE, what, "unexpected response " + r.getClass().getSimpleName());
        }
        return type.cast(r);
    }

    @Override
    public int[] readHolding(int unit, int start, int count) throws IOException, ModbusExceptionResponse {
        String what = "read holding " + start + "+" + count;
        ReadMultipleRegistersResponse r = as(ReadMultipleRegistersResponse.class,
                exchange(new ReadMultipleRegistersRequest(start, count), unit, what), what);
        return words(r.getRegisters(), count, what);
    }

    @Override
    public int[] readInput(int unit, int start, int count) throws IOException, ModbusExceptionResponse {
        String what = "read input " + start + "+" + count;
        ReadInputRegistersResponse r = as(ReadInputRegistersResponse.class,
                exchange(new ReadInputRegistersRequest(start, count), unit, what), what);
        return words(r.getRegisters(), count, what);
    }

    private int[] words(InputRegister[] r, int count, String what) throws ProtocolViolation {
        if (r == null || r.length != count) {
            close();
            counters.rejected(Rule.LENGTH);
            throw violation(Rule.LENGTH, what, "device answered " + (r == null ? 0 : r.length) + " registers, expected " + count);
        }
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = r[i].getValue() & 0xFFFF;
        }
        return out;
    }

    @Override
    public boolean[] readCoils(int unit, int start, int count) throws IOException, ModbusExceptionResponse {
        String what = "read coils " + start + "+" + count;
        ReadCoilsResponse r = as(ReadCoilsResponse.class, exchange(new ReadCoilsRequest(start, count), unit, what), what);
        return bits(r.getCoils(), count, what);
    }

    @Override
    public boolean[] readDiscreteInputs(int unit, int start, int count) throws IOException, ModbusExceptionResponse {
        String what = "read discrete inputs " + start + "+" + count;
        ReadInputDiscretesResponse r = as(ReadInputDiscretesResponse.class,
                exchange(new ReadInputDiscretesRequest(start, count), unit, what), what);
        return bits(r.getDiscretes(), count, what);
    }

    private boolean[] bits(BitVector v, int count, String what) throws ProtocolViolation {
        if (v == null || v.byteSize() != (count + 7) / 8) {
            close();
            counters.rejected(Rule.LENGTH);
            throw violation(Rule.LENGTH, what, "device answered " + (v == null ? 0 : v.byteSize()) + " bytes of bits, expected "
                    + (count + 7) / 8);
        }
        boolean[] out = new boolean[count];
        for (int i = 0; i < count; i++) {
            out[i] = v.getBit(i);
        }
        return out;
    }

    @Override
    public void writeRegisters(int unit, int start, int[] words, boolean fc16Only) throws IOException, ModbusExceptionResponse {
        String what = "write " + start + "+" + words.length;
        if (words.length == 1 && !fc16Only) {
            WriteSingleRegisterResponse r = as(WriteSingleRegisterResponse.class,
                    exchange(new WriteSingleRegisterRequest(start, new SimpleRegister(words[0])), unit, what), what);
            echo(r.getReference() == start && (r.getRegisterValue() & 0xFFFF) == words[0], what,
                    "echo " + r.getReference() + "=" + r.getRegisterValue());
            return;
        }
        Register[] regs = new Register[words.length];
        for (int i = 0; i < words.length; i++) {
            regs[i] = new SimpleRegister(words[i]);
        }
        WriteMultipleRegistersResponse r = as(WriteMultipleRegistersResponse.class,
                exchange(new WriteMultipleRegistersRequest(start, regs), unit, what), what);
        echo(r.getReference() == start && r.getWordCount() == words.length, what, "echo " + r.getReference() + "+" + r.getWordCount());
    }

    @Override
    public void writeCoil(int unit, int address, boolean on) throws IOException, ModbusExceptionResponse {
        String what = "write coil " + address;
        WriteCoilResponse r = as(WriteCoilResponse.class, exchange(new WriteCoilRequest(address, on), unit, what), what);
        echo(r.getReference() == address && r.getCoil() == on, what, "echo " + r.getReference() + "=" + r.getCoil());
    }

    private void echo(boolean ok, String what, String detail) throws ProtocolViolation {
        if (!ok) {
            close();
            counters.rejected(Rule.ECHO);
            throw violation(Rule.ECHO, what, detail + " does not match the request");
        }
    }

    @Override
    public void close() {
        TCPMasterConnection c = connection;
        connection = null;
        io = null;
        if (c != null) {
            c.close();
        }
    }
}
