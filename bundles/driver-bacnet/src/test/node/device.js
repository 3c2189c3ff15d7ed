'use strict';
// A BACnet/IP zone controller served by node-bacnet (an implementation not written in this project), for the
// gateway driver's interoperability test. Loopback only: unicast on 127.0.0.1:<port>, broadcasts to and from
// 127.255.255.255:<port>. It answers Who-Is with a broadcast I-Am, ReadProperty and ReadPropertyMultiple for its
// objects (names, units, present values that keep moving), and WriteProperty on its two commandable analog values
// with a 16-slot priority array; a present-value outside an object's min/max-pres-value is refused with
// property/value-out-of-range. It exits when its standard input closes (the test that started it is gone) and after
// --lifetime seconds at the latest.
//
//   node device.js --port 47900 --instance 3101 [--lifetime 300]

const dgram = require('dgram');
const EventEmitter = require('events').EventEmitter;
const Bacnet = require('node-bacnet');
const E = Bacnet.enum;

const LOOPBACK = '127.0.0.1';
const BROADCAST = '127.255.255.255';
const MAX_APDU = 1476;
const VENDOR_ID = 999;

function arg(name, fallback) {
  const i = process.argv.indexOf('--' + name);
  return i > 0 && i + 1 < process.argv.length ? Number(process.argv[i + 1]) : fallback;
}

const port = arg('port', 0);
const instance = arg('instance', 0);
const lifetimeSeconds = arg('lifetime', 300);
if (!(port > 0 && port < 65536) || !(instance >= 0 && instance < 4194303)) {
  console.error('usage: node device.js --port PORT --instance INSTANCE [--lifetime SECONDS]');
  process.exit(2);
}

/**
 * node-bacnet's own transport binds one socket; this one keeps replies on 127.0.0.1 and hears broadcasts on a second
 * socket bound to the loopback broadcast address (a socket bound to 127.0.0.1 sees no broadcasts on Linux).
 */
class LoopbackTransport extends EventEmitter {
  constructor(p) {
    super();
    this.port = p;
    this.unicast = dgram.createSocket({type: 'udp4', reuseAddr: false});
    this.broadcast = dgram.createSocket({type: 'udp4', reuseAddr: true});
    for (const s of [this.unicast, this.broadcast]) {
      s.on('message', (msg, rinfo) => {
        if (rinfo.address === LOOPBACK && rinfo.port === this.port) {
          return; // our own broadcast, looped back
        }
        this.emit('message', msg, rinfo.address + ':' + rinfo.port);
      });
      s.on('error', (err) => this.emit('error', err));
    }
  }

  getBroadcastAddress() {
    return BROADCAST + ':' + this.port;
  }

  getMaxPayload() {
    return MAX_APDU;
  }

  send(buffer, offset, receiver) {
    const [address, p] = (receiver || this.getBroadcastAddress()).split(':');
    this.unicast.send(buffer, 0, offset, Number(p || 47808), address);
  }

  open() {
    this.unicast.bind(this.port, LOOPBACK, () => {
      this.unicast.setBroadcast(true);
      this.broadcast.bind(this.port, BROADCAST, () => this.emit('listening'));
    });
  }

  close() {
    this.unicast.close();
    this.broadcast.close();
  }
}

const T = E.ApplicationTag;
const P = E.PropertyIdentifier;
const O = E.ObjectType;
const real = (v) => [{type: T.REAL, value: v}];
const text = (v) => [{type: T.CHARACTER_STRING, value: v}];
const enumerated = (v) => [{type: T.ENUMERATED, value: v}];
const unsigned = (v) => [{type: T.UNSIGNED_INTEGER, value: v}];
const oid = (type, inst) => ({type: T.OBJECTIDENTIFIER, value: {type, instance: inst}});
const key = (type, inst) => type + ':' + inst;

function analog(type, inst, name, units, value, range) {
  const o = {type, instance: inst, name, units, value, range, priority: null, relinquishDefault: value};
  if (range) {
    o.priority = new Array(16).fill(null); // commandable: index 0 is priority 1
  }
  return o;
}

const objects = new Map();
for (const o of [
  analog(O.ANALOG_INPUT, 1, 'zone-temp', E.EngineeringUnits.DEGREES_CELSIUS, 22.0),
  analog(O.ANALOG_INPUT, 2, 'zone-humidity', E.EngineeringUnits.PERCENT_RELATIVE_HUMIDITY, 48.0),
  analog(O.ANALOG_VALUE, 3, 'cooling-setpoint', E.EngineeringUnits.DEGREES_CELSIUS, 24.0, [16, 30]),
  analog(O.ANALOG_VALUE, 4, 'heating-setpoint', E.EngineeringUnits.DEGREES_CELSIUS, 20.0, [10, 25]),
  analog(O.ANALOG_INPUT, 5, 'cooling-power', E.EngineeringUnits.KILOWATTS, 3.5),
]) {
  objects.set(key(o.type, o.instance), o);
}

// The inputs keep moving, so a reader can tell fresh values from old ones.
let tick = 0;
const mover = setInterval(() => {
  tick++;
  objects.get(key(O.ANALOG_INPUT, 1)).value = 22.0 + (tick % 50) / 10;
  objects.get(key(O.ANALOG_INPUT, 2)).value = 48.0 + (tick % 20) / 2;
  objects.get(key(O.ANALOG_INPUT, 5)).value = 3.5 + (tick % 10) / 4;
}, 100);

function presentValue(o) {
  if (o.priority) {
    const active = o.priority.find((v) => v !== null);
    return active === undefined ? o.relinquishDefault : active;
  }
  return o.value;
}

class Refusal extends Error {
  constructor(errorClass, errorCode) {
    super('refused ' + errorClass + '/' + errorCode);
    this.errorClass = errorClass;
    this.errorCode = errorCode;
  }
}

function deviceProperty(id, index) {
  switch (id) {
    case P.OBJECT_IDENTIFIER: return [oid(O.DEVICE, instance)];
    case P.OBJECT_NAME: return text('node-bacnet zone ' + instance);
    case P.OBJECT_TYPE: return enumerated(O.DEVICE);
    case P.VENDOR_NAME: return text('node-bacnet interop');
    case P.VENDOR_IDENTIFIER: return unsigned(VENDOR_ID);
    case P.MODEL_NAME: return text('node-bacnet 0.2.4 zone controller');
    case P.PROTOCOL_VERSION: return unsigned(1);
    case P.PROTOCOL_REVISION: return unsigned(14);
    case P.MAX_APDU_LENGTH_ACCEPTED: return unsigned(MAX_APDU);
    case P.SEGMENTATION_SUPPORTED: return enumerated(E.Segmentation.NO_SEGMENTATION);
    case P.PROTOCOL_SERVICES_SUPPORTED: {
      const S = E.ServicesSupported;
      return [{type: T.BIT_STRING, value: Bacnet.createBitstring([S.READ_PROPERTY, S.READ_PROPERTY_MULTIPLE,
        S.WRITE_PROPERTY, S.WHO_IS, S.I_AM])}];
    }
    case P.OBJECT_LIST: {
      const list = [oid(O.DEVICE, instance)].concat([...objects.values()].map((o) => oid(o.type, o.instance)));
      return element(list, index);
    }
    default: throw new Refusal(E.ErrorClass.PROPERTY, E.ErrorCode.UNKNOWN_PROPERTY);
  }
}

function element(list, index) {
  if (index === undefined || index === E.ASN1_ARRAY_ALL) {
    return list;
  }
  if (index === 0) {
    return unsigned(list.length);
  }
  if (index > list.length) {
    throw new Refusal(E.ErrorClass.PROPERTY, E.ErrorCode.INVALID_ARRAY_INDEX);
  }
  return [list[index - 1]];
}

function readValue(objectId, id, index) {
  if (objectId.type === O.DEVICE && objectId.instance === instance) {
    return deviceProperty(id, index);
  }
  const o = objects.get(key(objectId.type, objectId.instance));
  if (!o) {
    throw new Refusal(E.ErrorClass.OBJECT, E.ErrorCode.UNKNOWN_OBJECT);
  }
  switch (id) {
    case P.OBJECT_IDENTIFIER: return [oid(o.type, o.instance)];
    case P.OBJECT_NAME: return text(o.name);
    case P.OBJECT_TYPE: return enumerated(o.type);
    case P.PRESENT_VALUE: return real(presentValue(o));
    case P.UNITS: return enumerated(o.units);
    case P.STATUS_FLAGS: return [{type: T.BIT_STRING, value: {value: [0], bitsUsed: 4}}];
    default:
  }
  if (o.priority) {
    switch (id) {
      case P.PRIORITY_ARRAY:
        return element(o.priority.map((v) => (v === null ? {type: T.NULL, value: null} : {type: T.REAL, value: v})), index);
      case P.RELINQUISH_DEFAULT: return real(o.relinquishDefault);
      case P.MIN_PRES_VALUE: return real(o.range[0]);
      case P.MAX_PRES_VALUE: return real(o.range[1]);
      default:
    }
  }
  throw new Refusal(E.ErrorClass.PROPERTY, E.ErrorCode.UNKNOWN_PROPERTY);
}

function write(objectId, property, values, priority) {
  const o = objects.get(key(objectId.type, objectId.instance));
  if (!o) {
    throw new Refusal(E.ErrorClass.OBJECT, E.ErrorCode.UNKNOWN_OBJECT);
  }
  if (property.id !== P.PRESENT_VALUE || !o.priority) {
    throw new Refusal(E.ErrorClass.PROPERTY, E.ErrorCode.WRITE_ACCESS_DENIED);
  }
  const v = values && values[0];
  if (!v || (v.type !== T.NULL && v.type !== T.REAL)) {
    throw new Refusal(E.ErrorClass.PROPERTY, E.ErrorCode.INVALID_DATA_TYPE);
  }
  const slot = priority >= 1 && priority <= 16 ? priority : 16;
  if (v.type === T.NULL) {
    o.priority[slot - 1] = null;
  } else {
    if (!(v.value >= o.range[0] && v.value <= o.range[1])) {
      throw new Refusal(E.ErrorClass.PROPERTY, E.ErrorCode.VALUE_OUT_OF_RANGE);
    }
    o.priority[slot - 1] = v.value;
  }
  console.log('write ' + o.name + ' priority ' + slot + ' = ' + (v.type === T.NULL ? 'NULL' : v.value));
}

const client = new Bacnet({transport: new LoopbackTransport(port), apduTimeout: 3000});

client.on('whoIs', (msg) => {
  const low = msg.payload && msg.payload.lowLimit;
  const high = msg.payload && msg.payload.highLimit;
  if (low !== undefined && high !== undefined && (instance < low || instance > high)) {
    return;
  }
  // The answer goes out by broadcast (Original-Broadcast-NPDU to 127.255.255.255:<our port>).
  client.iAmResponse(null, instance, E.Segmentation.NO_SEGMENTATION, VENDOR_ID);
});

function refuse(msg, e) {
  if (!(e instanceof Refusal)) {
    console.error('device error: ' + (e && e.stack || e));
    e = new Refusal(E.ErrorClass.DEVICE, E.ErrorCode.OTHER);
  }
  client.errorResponse(msg.header.sender, msg.service, msg.invokeId, e.errorClass, e.errorCode);
}

client.on('readProperty', (msg) => {
  const {objectId, property} = msg.payload;
  try {
    const values = readValue(objectId, property.id, property.index);
    client.readPropertyResponse(msg.header.sender, msg.invokeId, objectId, property, values);
  } catch (e) {
    refuse(msg, e);
  }
});

client.on('readPropertyMultiple', (msg) => {
  try {
    const results = msg.payload.properties.map((spec) => ({
      objectId: spec.objectId,
      values: spec.properties.map((property) => {
        try {
          return {property, value: readValue(spec.objectId, property.id, property.index)};
        } catch (e) {
          if (!(e instanceof Refusal)) {
            throw e;
          }
          return {property, value: [{value: {type: 'BacnetError', errorClass: e.errorClass, errorCode: e.errorCode}}]};
        }
      }),
    }));
    client.readPropertyMultipleResponse(msg.header.sender, msg.invokeId, results);
  } catch (e) {
    refuse(msg, e);
  }
});

client.on('writeProperty', (msg) => {
  const {objectId, value} = msg.payload;
  try {
    write(objectId, value.property, value.value, value.priority);
    client.simpleAckResponse(msg.header.sender, msg.service, msg.invokeId);
  } catch (e) {
    refuse(msg, e);
  }
});

client.on('error', (err) => {
  console.error('transport error: ' + err.message);
  process.exit(1);
});

client.on('listening', () => console.log('listening ' + port));

function stop() {
  clearInterval(mover);
  try {
    client.close();
  } finally {
    process.exit(0);
  }
}

process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
setTimeout(stop, lifetimeSeconds * 1000).unref();
