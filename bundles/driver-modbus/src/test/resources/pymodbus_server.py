"""A Modbus TCP server from pymodbus (not written here) for the driver's interoperability test.

Usage: python3 pymodbus_server.py PORT [HOLDING_COUNT]
Serves unit 1 on 127.0.0.1 with the registers of the test battery profile; zero-based addressing. With HOLDING_COUNT,
only holding registers 0..HOLDING_COUNT-1 exist: pymodbus answers exception 2 (illegal data address) for the others.
"""
import struct
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import StartTcpServer

port = int(sys.argv[1])
holding = [0] * (int(sys.argv[2]) if len(sys.argv) > 2 else 200)
holding[100] = 655           # SOC raw, scale factor register 101 = -1 -> 65.5 %
holding[101] = 0xFFFF
power = (-25000) & 0xFFFFFFFF  # int32 big-endian, W -> -25 kW
holding[102] = power >> 16
holding[103] = power & 0xFFFF
meter = struct.unpack(">I", struct.pack(">f", 123.5))[0]
inputs = [0] * 20
inputs[0] = meter & 0xFFFF     # float32, little-endian word order
inputs[1] = meter >> 16
coils = [False] * 20
coils[5] = True

store = ModbusSlaveContext(
    di=ModbusSequentialDataBlock(0, [False] * 20),
    co=ModbusSequentialDataBlock(0, coils),
    hr=ModbusSequentialDataBlock(0, holding),
    ir=ModbusSequentialDataBlock(0, inputs),
    zero_mode=True,
)
context = ModbusServerContext(slaves=store, single=True)
print("ready", flush=True)
StartTcpServer(context=context, address=("127.0.0.1", port))
