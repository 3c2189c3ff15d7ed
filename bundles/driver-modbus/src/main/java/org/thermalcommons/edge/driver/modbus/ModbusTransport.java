package org.thermalcommons.edge.driver.modbus;

import java.io.IOException;

/** One Modbus TCP connection, used by one device thread. Registers are unsigned 16-bit values in ints. */
interface ModbusTransport extends AutoCloseable {
    void connect() throws IOException;

    boolean connected();

    int[] readHolding(int unit, int start, int count) throws IOException;

    int[] readInput(int unit, int start, int count) throws IOException;

    boolean[] readCoils(int unit, int start, int count) throws IOException;

    boolean[] readDiscreteInputs(int unit, int start, int count) throws IOException;

    void writeRegisters(int unit, int start, int[] words) throws IOException;

    void writeCoil(int unit, int address, boolean on) throws IOException;

    @Override
    void close();
}
