package org.thermalcommons.edge.api.commissioning;

/**
 * One register window decoded as one type in one word order.
 *
 * @param address   first register
 * @param type      int16, uint16, int32, uint32, float32, int64 or float64
 * @param wordOrder ABCD, CDAB, BADC or DCBA (A = high byte of the first register)
 * @param value     the decoded value
 */
public record RegisterDecoding(int address, String type, String wordOrder, double value) {
}
