# An independent Modbus RTU device (pymodbus, Debian python3-pymodbus) on a serial port: 16 coils, each write printed.
import sys, logging
from pymodbus.server import StartSerialServer
from pymodbus.datastore import ModbusSequentialDataBlock, ModbusSlaveContext, ModbusServerContext
from pymodbus.transaction import ModbusRtuFramer

class LoggedCoils(ModbusSequentialDataBlock):
    def setValues(self, address, values):
        super().setValues(address, values)
        print("coil %d = %s" % (address - 1, ",".join("1" if v else "0" for v in values)), flush=True)

store = ModbusSlaveContext(co=LoggedCoils(0, [0] * 16), di=ModbusSequentialDataBlock(0, [0] * 16), hr=ModbusSequentialDataBlock(0, [0] * 16), ir=ModbusSequentialDataBlock(0, [0] * 16))
context = ModbusServerContext(slaves={1: store}, single=False)
print("listening", flush=True)
StartSerialServer(context=context, framer=ModbusRtuFramer, port=sys.argv[1], baudrate=9600, timeout=0.05)
