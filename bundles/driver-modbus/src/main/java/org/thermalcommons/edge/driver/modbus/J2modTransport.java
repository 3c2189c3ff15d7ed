package org.thermalcommons.edge.driver.modbus;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import java.io.IOException;

/** {@link ModbusTransport} on j2mod's TCP master. Every failure surfaces as an IOException naming host and port. */
final class J2modTransport implements ModbusTransport {
    private final String host;
    private final int port;
    private final ModbusTCPMaster master;
    private boolean connected;

    J2modTransport(String host, int port, int timeoutMs, int retries) {
        this.host = host;
        this.port = port;
        this.master = new ModbusTCPMaster(host, port, timeoutMs, false);
        this.master.setRetries(retries);
    }

    private IOException fail(String what, Exception e) {
        connected = false;
        master.disconnect();
        return new IOException(what + " on " + host + ":" + port + " failed: " + e.getMessage(), e);
    }

    @Override
    public void connect() throws IOException {
        try {
            master.connect();
            connected = true;
        } catch (Exception e) {
            throw fail("connect", e);
        }
    }

    @Override
    public boolean connected() {
        return connected;
    }

    @Override
    public int[] readHolding(int unit, int start, int count) throws IOException {
        try {
            Register[] r = master.readMultipleRegisters(unit, start, count);
            return words(r, count);
        } catch (Exception e) {
            throw fail("read holding " + start + "+" + count, e);
        }
    }

    @Override
    public int[] readInput(int unit, int start, int count) throws IOException {
        try {
            InputRegister[] r = master.readInputRegisters(unit, start, count);
            return words(r, count);
        } catch (Exception e) {
            throw fail("read input " + start + "+" + count, e);
        }
    }

    private static int[] words(InputRegister[] r, int count) throws IOException {
        if (r == null || r.length != count) {
            throw new IOException("device answered " + (r == null ? 0 : r.length) + " registers, expected " + count);
        }
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = r[i].getValue() & 0xFFFF;
        }
        return out;
    }

    @Override
    public boolean[] readCoils(int unit, int start, int count) throws IOException {
        try {
            return bits(master.readCoils(unit, start, count), count);
        } catch (Exception e) {
            throw fail("read coils " + start + "+" + count, e);
        }
    }

    @Override
    public boolean[] readDiscreteInputs(int unit, int start, int count) throws IOException {
        try {
            return bits(master.readInputDiscretes(unit, start, count), count);
        } catch (Exception e) {
            throw fail("read discrete inputs " + start + "+" + count, e);
        }
    }

    private static boolean[] bits(BitVector v, int count) throws IOException {
        if (v == null || v.size() < count) {
            throw new IOException("device answered too few bits, expected " + count);
        }
        boolean[] out = new boolean[count];
        for (int i = 0; i < count; i++) {
            out[i] = v.getBit(i);
        }
        return out;
    }

    @Override
    public void writeRegisters(int unit, int start, int[] words) throws IOException {
        try {
            if (words.length == 1) {
                master.writeSingleRegister(unit, start, new SimpleRegister(words[0]));
            } else {
                Register[] r = new Register[words.length];
                for (int i = 0; i < words.length; i++) {
                    r[i] = new SimpleRegister(words[i]);
                }
                master.writeMultipleRegisters(unit, start, r);
            }
        } catch (Exception e) {
            throw fail("write " + start + "+" + words.length, e);
        }
    }

    @Override
    public void writeCoil(int unit, int address, boolean on) throws IOException {
        try {
            master.writeCoil(unit, address, on);
        } catch (Exception e) {
            throw fail("write coil " + address, e);
        }
    }

    @Override
    public void close() {
        connected = false;
        master.disconnect();
    }
}
