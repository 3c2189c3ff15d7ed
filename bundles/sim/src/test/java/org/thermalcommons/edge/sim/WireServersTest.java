package org.thermalcommons.edge.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.serotonin.bacnet4j.LocalDevice;
import com.serotonin.bacnet4j.event.DeviceEventAdapter;
import com.serotonin.bacnet4j.npdu.ip.IpNetworkBuilder;
import com.serotonin.bacnet4j.npdu.ip.IpNetworkUtils;
import com.serotonin.bacnet4j.service.acknowledgement.ReadPropertyMultipleAck;
import com.serotonin.bacnet4j.service.confirmed.ReadPropertyMultipleRequest;
import com.serotonin.bacnet4j.service.confirmed.SubscribeCOVRequest;
import com.serotonin.bacnet4j.service.confirmed.WritePropertyRequest;
import com.serotonin.bacnet4j.transport.DefaultTransport;
import com.serotonin.bacnet4j.type.constructed.Address;
import com.serotonin.bacnet4j.type.constructed.PropertyValue;
import com.serotonin.bacnet4j.type.constructed.ReadAccessResult;
import com.serotonin.bacnet4j.type.constructed.ReadAccessSpecification;
import com.serotonin.bacnet4j.type.constructed.SequenceOf;
import com.serotonin.bacnet4j.type.enumerated.ObjectType;
import com.serotonin.bacnet4j.type.enumerated.PropertyIdentifier;
import com.serotonin.bacnet4j.type.primitive.ObjectIdentifier;
import com.serotonin.bacnet4j.type.primitive.Real;
import com.serotonin.bacnet4j.type.primitive.UnsignedInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.thermalcommons.edge.api.point.PointId;

/** The simulated devices over loopback, read and written with the libraries' own clients (not our drivers). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WireServersTest {
    private static final Duration STEP = Duration.ofSeconds(10);
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    /** A Monday 10:00 local building with 2 zones and an 8 kW heat pump. */
    private static Building building() {
        return new Building(new Building.Parameters(11, 2, 150, 200, 100, 50, 24, 8), Instant.parse("2026-03-02T02:00:00Z"));
    }

    private WireServers serve(Building b, int bacnetBase, int modbusBase) throws Exception {
        // No publish: the servers hold the simulation's values from the moment they open.
        WireServers w = new WireServers(b.definitions(), b.values(), TestProfiles.ZONE, TestProfiles.BATTERY, TestProfiles.METER,
                Optional.of(TestProfiles.HEAT_PUMP), bacnetBase, 3001, modbusBase);
        cleanup.add(w);
        return w;
    }

    private ModbusTCPMaster master(int port) throws Exception {
        ModbusTCPMaster m = new ModbusTCPMaster("127.0.0.1", port, 1000, false);
        m.connect();
        cleanup.add(m::disconnect);
        return m;
    }

    @Test
    void batteryMeterAndHeatPumpAnswerOverModbusAndWritesChangeTheSimulation() throws Exception {
        Building b = building();
        int base = Ports.freeBlock(3, true);
        WireServers w = serve(b, Ports.freeBlock(2, false), base);
        // Nothing written yet: collecting writes leaves the simulation as it is.
        w.collectWrites((id, v) -> {
            throw new AssertionError("no write expected, got " + id + " = " + v);
        });

        // Battery: SOC with a SunSpec scale factor of -1 (one decimal).
        ModbusTCPMaster battery = master(base);
        Register[] soc = battery.readMultipleRegisters(1, 100, 2);
        assertThat((short) soc[1].getValue()).isEqualTo((short) -1);
        assertThat(soc[0].getValue() / 10.0).isCloseTo(b.battery.socPercent(), within(0.1));

        // Meter: load as a big-endian float32, grid stress as a state.
        ModbusTCPMaster meter = master(base + 1);
        InputRegister[] load = meter.readInputRegisters(1, 0, 2);
        float loadKw = Float.intBitsToFloat((load[0].getValue() << 16) | load[1].getValue());
        assertThat((double) loadKw).isCloseTo(b.loadKw(), within(0.01));
        assertThat(meter.readInputRegisters(1, 10, 1)[0].getValue()).isEqualTo(b.gridStress().ordinal());

        // Charge at 40 kW: int32 big-endian in W (scale 0.001 kW).
        int raw = -40_000;
        battery.writeMultipleRegisters(1, 104, new Register[] {new SimpleRegister((raw >>> 16) & 0xFFFF), new SimpleRegister(raw & 0xFFFF)});
        // The heat pump is forced on (SG-Ready 4).
        ModbusTCPMaster heatPump = master(base + 2);
        assertThat(heatPump.readMultipleRegisters(1, 0, 1)[0].getValue()).isEqualTo(2);
        heatPump.writeSingleRegister(1, 0, new SimpleRegister(4));
        w.collectWrites(b::write);

        // An SG-Ready state outside 1..4 is refused: the register is set back and the simulation keeps the last valid one.
        heatPump.writeSingleRegister(1, 0, new SimpleRegister(9));
        w.collectWrites(b::write);
        assertThat(w.rejectedWrites()).isEqualTo(1);
        assertThat(heatPump.readMultipleRegisters(1, 0, 1)[0].getValue()).isEqualTo(4);
        double socBefore = b.battery.socPercent();
        for (int i = 0; i < 6; i++) {
            b.step(STEP);
        }
        w.publish(b.values(), 60 / 3600.0, b.gridKw());

        assertThat(b.battery.actualKw).isEqualTo(-40.0);
        assertThat(b.battery.socPercent()).isGreaterThan(socBefore);
        Register[] power = battery.readMultipleRegisters(1, 102, 2);
        assertThat((power[0].getValue() << 16) | power[1].getValue()).isEqualTo(-40_000);
        assertThat(b.heatPump.orElseThrow().sgReadyState).isEqualTo(HeatPump.FORCED);
        assertThat(heatPump.readInputDiscretes(1, 0, 1).getBit(0)).isTrue();
        InputRegister[] hp = heatPump.readInputRegisters(1, 12, 2);
        // float32 with the low word first.
        assertThat((double) Float.intBitsToFloat((hp[1].getValue() << 16) | hp[0].getValue())).isEqualTo(8.0);
        // A value the gateway wrote is not overwritten by the simulation.
        assertThat(heatPump.readMultipleRegisters(1, 0, 1)[0].getValue()).isEqualTo(4);
    }

    @Test
    void zoneDevicesAnswerReadPropertyMultipleWritesAndCov() throws Exception {
        Building b = building();
        int udp = Ports.freeBlock(3, false);
        WireServers w = serve(b, udp + 1, Ports.freeBlock(3, true));

        DefaultTransport transport = new DefaultTransport(new IpNetworkBuilder().withLocalBindAddress("127.0.0.1")
                .withBroadcast("127.255.255.255", 8).withPort(udp).withReuseAddress(true).build());
        transport.setTimeout(2000);
        transport.setRetries(0);
        LocalDevice client = new LocalDevice(3999, transport);
        BlockingQueue<Float> cov = new ArrayBlockingQueue<>(100);
        client.getEventHandler().addListener(new DeviceEventAdapter() {
            @Override
            public void covNotificationReceived(UnsignedInteger subscriber, ObjectIdentifier device, ObjectIdentifier object,
                                                UnsignedInteger timeRemaining, SequenceOf<PropertyValue> values) {
                for (PropertyValue v : values) {
                    if (v.getPropertyIdentifier().equals(PropertyIdentifier.presentValue) && v.getValue() instanceof Real r) {
                        cov.offer(r.floatValue());
                    }
                }
            }
        });
        client.initialize();
        cleanup.add(() -> {
            Thread t = new Thread(client::terminate, "test-bacnet-stop");
            t.setDaemon(true);
            t.start();
        });
        Address zone2 = IpNetworkUtils.toAddress("127.0.0.1", udp + 2);
        ObjectIdentifier temp = new ObjectIdentifier(ObjectType.analogInput, 1);
        ObjectIdentifier setpoint = new ObjectIdentifier(ObjectType.analogValue, 3);

        ReadPropertyMultipleAck ack = client.send(zone2, new ReadPropertyMultipleRequest(new SequenceOf<>(List.of(
                new ReadAccessSpecification(temp, PropertyIdentifier.presentValue),
                new ReadAccessSpecification(new ObjectIdentifier(ObjectType.analogInput, 2), PropertyIdentifier.presentValue),
                new ReadAccessSpecification(setpoint, PropertyIdentifier.presentValue))))).get();
        List<Float> read = new ArrayList<>();
        for (ReadAccessResult r : ack.getListOfReadAccessResults()) {
            read.add(((Real) r.getListOfResults().get(0).getReadResult().getDatum()).floatValue());
        }
        assertThat((double) read.get(0)).isCloseTo(b.zones().get(1).tempCelsius, within(0.001));
        assertThat((double) read.get(1)).isCloseTo(b.zones().get(1).humidityPercent, within(0.001));
        assertThat(read.get(2)).isEqualTo(24f);

        // COV on the zone temperature, then a commanded setpoint at priority 12 that changes the physics.
        client.send(zone2, new SubscribeCOVRequest(new UnsignedInteger(7), temp, com.serotonin.bacnet4j.type.primitive.Boolean.FALSE, new UnsignedInteger(300))).get();
        client.send(zone2, new WritePropertyRequest(setpoint, PropertyIdentifier.presentValue, null, new Real(27f),
                new UnsignedInteger(12))).get();
        // 35 °C on zone 1 is outside the profile's 18..30: the device refuses it, as a real controller does.
        assertThatThrownBy(() -> client.send(IpNetworkUtils.toAddress("127.0.0.1", udp + 1), new WritePropertyRequest(setpoint,
                PropertyIdentifier.presentValue, null, new Real(35f), new UnsignedInteger(12))).get())
                .isInstanceOf(com.serotonin.bacnet4j.exception.ErrorAPDUException.class).hasMessageContaining("value-out-of-range");
        w.collectWrites(b::write);
        assertThat(b.zones().get(1).setpointCelsius).isEqualTo(27.0);
        assertThat(w.rejectedWrites()).isZero();
        // Units match the profile (a commissioning tool reads them).
        for (Object[] e : new Object[][] {{temp, "degrees-celsius"}, {new ObjectIdentifier(ObjectType.analogInput, 2), "percent-relative-humidity"},
                {setpoint, "degrees-celsius"}}) {
            com.serotonin.bacnet4j.service.acknowledgement.ReadPropertyAck u = client.send(zone2,
                    new com.serotonin.bacnet4j.service.confirmed.ReadPropertyRequest((ObjectIdentifier) e[0], PropertyIdentifier.units)).get();
            assertThat(u.getValue().toString()).as(e[0].toString()).isEqualTo(e[1]);
        }
        assertThat(b.zones().get(0).setpointCelsius).isEqualTo(24.0);
        for (int i = 0; i < 360; i++) {
            b.step(STEP);
        }
        w.publish(b.values(), 1.0, b.gridKw());
        double warmed = b.zones().get(1).tempCelsius;
        assertThat(warmed).isGreaterThan(b.zones().get(0).tempCelsius + 1);
        Float notified = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Float f = cov.poll(100, TimeUnit.MILLISECONDS);
            if (f != null && Math.abs(f - warmed) < 0.001) {
                notified = f;
                break;
            }
        }
        assertThat(notified).as("COV notification with the warmed temperature").isNotNull();
    }

    @Test
    void aZoneControllerWithALowerMaximumRefusesASetpointTheProfileAllowsAndNamesItselfAsTheSimulation() throws Exception {
        Building b = building();
        int udp = Ports.freeBlock(2, false);
        WireServers w = new WireServers(b.definitions(), b.values(), TestProfiles.ZONE, TestProfiles.BATTERY, TestProfiles.METER,
                Optional.empty(), udp + 1, 3201, Ports.freeBlock(2, true), 28);
        cleanup.add(w);
        DefaultTransport transport = new DefaultTransport(new IpNetworkBuilder().withLocalBindAddress("127.0.0.1")
                .withBroadcast("127.255.255.255", 8).withPort(udp).withReuseAddress(true).build());
        transport.setTimeout(2000);
        transport.setRetries(0);
        LocalDevice client = new LocalDevice(3998, transport);
        client.initialize();
        cleanup.add(() -> {
            Thread t = new Thread(client::terminate, "test-bacnet-stop");
            t.setDaemon(true);
            t.start();
        });
        Address zone1 = IpNetworkUtils.toAddress("127.0.0.1", udp + 1);
        ObjectIdentifier setpoint = new ObjectIdentifier(ObjectType.analogValue, 3);
        // 29 °C is within the profile's 18..30 but above this controller's 28: refused, as its max-pres-value says.
        assertThatThrownBy(() -> client.send(zone1, new WritePropertyRequest(setpoint, PropertyIdentifier.presentValue, null,
                new Real(29f), new UnsignedInteger(12))).get())
                .isInstanceOf(com.serotonin.bacnet4j.exception.ErrorAPDUException.class).hasMessageContaining("value-out-of-range");
        client.send(zone1, new WritePropertyRequest(setpoint, PropertyIdentifier.presentValue, null, new Real(28f),
                new UnsignedInteger(12))).get();
        w.collectWrites(b::write);
        assertThat(b.zones().get(0).setpointCelsius).isEqualTo(28.0);
        ObjectIdentifier device = new ObjectIdentifier(ObjectType.device, 3201);
        com.serotonin.bacnet4j.service.acknowledgement.ReadPropertyAck vendor = client.send(zone1,
                new com.serotonin.bacnet4j.service.confirmed.ReadPropertyRequest(device, PropertyIdentifier.vendorName)).get();
        assertThat(vendor.getValue().toString()).isEqualTo("Thermal Commons (simulation)");
    }

    @Test
    void withoutTheHeatPumpOnlyBatteryAndMeterAreServed() throws Exception {
        Building b = new Building(new Building.Parameters(11, 1, 150, 200, 100, 50, 24), Instant.parse("2026-03-02T02:00:00Z"));
        int base = Ports.freeBlock(3, true);
        WireServers w = new WireServers(b.definitions(), b.values(), TestProfiles.ZONE, TestProfiles.BATTERY, TestProfiles.METER,
                Optional.empty(), Ports.freeBlock(1, false), 3101, base);
        cleanup.add(w);
        assertThat(Ports.tcpFree(base)).isFalse();
        assertThat(Ports.tcpFree(base + 1)).isFalse();
        assertThat(Ports.tcpFree(base + 2)).isTrue();
        assertThat(b.definitions()).noneMatch(d -> d.id().device().equals("heatpump"));
        assertThat(b.write(PointId.of("heatpump", "sg-ready-state"), 4)).isFalse();
    }
}
