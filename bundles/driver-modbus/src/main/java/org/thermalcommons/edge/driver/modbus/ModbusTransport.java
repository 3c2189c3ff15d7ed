package org.thermalcommons.edge.driver.modbus;

import java.io.IOException;

/**
 * One Modbus TCP connection, used by one device thread. Registers are unsigned 16-bit values in ints. An
 * {@link IOException} means the device could not be reached or answered something the driver rejects (device-level);
 * a {@link ModbusExceptionResponse} means it answered and refused this request (request-level).
 */
interface ModbusTransport extends AutoCloseable {
    void connect() throws IOException;

    boolean connected();

    int[] readHolding(int unit, int start, int count) throws IOException, ModbusExceptionResponse;

    int[] readInput(int unit, int start, int count) throws IOException, ModbusExceptionResponse;

    boolean[] readCoils(int unit, int start, int count) throws IOException, ModbusExceptionResponse;

    boolean[] readDiscreteInputs(int unit, int start, int count) throws IOException, ModbusExceptionResponse;

    /** Writes with FC6 (one register) or FC16 (several, or always when {@code fc16Only}). */
    void writeRegisters(int unit, int start, int[] words, boolean fc16Only) throws IOException, ModbusExceptionResponse;

    void writeCoil(int unit, int address, boolean on) throws IOException, ModbusExceptionResponse;

    @Override
    void close();
}
