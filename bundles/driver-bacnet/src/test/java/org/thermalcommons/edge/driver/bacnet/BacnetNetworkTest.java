package org.thermalcommons.edge.driver.bacnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.serotonin.bacnet4j.apdu.UnconfirmedRequest;
import com.serotonin.bacnet4j.npdu.ip.IpNetworkUtils;
import com.serotonin.bacnet4j.service.acknowledgement.ReadPropertyAck;
import com.serotonin.bacnet4j.service.confirmed.ReadPropertyRequest;
import com.serotonin.bacnet4j.service.unconfirmed.IAmRequest;
import com.serotonin.bacnet4j.type.enumerated.ObjectType;
import com.serotonin.bacnet4j.type.enumerated.PropertyIdentifier;
import com.serotonin.bacnet4j.type.enumerated.Segmentation;
import com.serotonin.bacnet4j.type.primitive.ObjectIdentifier;
import com.serotonin.bacnet4j.type.primitive.UnsignedInteger;
import com.serotonin.bacnet4j.util.sero.ByteQueue;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.driver.bacnet.link.BacnetIpLink;
import org.thermalcommons.edge.api.driver.DiscoveredDevice;
import org.thermalcommons.edge.api.driver.DiscoveredObject;

/** The gateway's BACnet/IP network on loopback: exclusive port, broadcast Who-Is and I-Am, directory, identity. */
class BacnetNetworkTest {
    static final BacnetNetwork.Identity ID = new BacnetNetwork.Identity(4194010, "Site 7 gateway", "Thermal Commons", "COOL Edge", "Plant room");

    @Test
    void aSecondGatewayOnTheSamePortFailsWithOneLineNamingThePort() throws Exception {
        int port = SimulatedBacnetDevice.freeUdpPort();
        try (BacnetNetwork first = new BacnetNetwork("127.0.0.1", "127.255.255.255", port, List.of(), ID, 1000)) {
            assertThatThrownBy(() -> new BacnetNetwork("127.0.0.1", "127.255.255.255", port, List.of(), ID, 1000))
                    .isInstanceOf(BacnetIpLink.PortInUseException.class)
                    .hasMessageStartingWith("UDP port 127.0.0.1:" + port + " is already in use")
                    .hasMessageNotContaining("\n");
            // Nor can another process share the unicast port (where replies arrive) with SO_REUSEADDR and steal them.
            for (String host : new String[] {"127.0.0.1", "0.0.0.0"}) {
                DatagramSocket thief = new DatagramSocket(null);
                thief.setReuseAddress(true);
                assertThatThrownBy(() -> thief.bind(new InetSocketAddress(InetAddress.getByName(host), port)))
                        .as(host).isInstanceOf(BindException.class);
                thief.close();
            }
        }
    }

    @Test
    void whoIsGoesOutAsAnOriginalBroadcastNpdu() throws Exception {
        int devicePort = SimulatedBacnetDevice.freeUdpPort();
        try (DatagramSocket listener = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.255.255.255"), devicePort));
             BacnetNetwork net = new BacnetNetwork("127.0.0.1", "127.255.255.255", SimulatedBacnetDevice.freeUdpPort(), List.of(), ID, 1000)) {
            listener.setSoTimeout(5000);
            net.discover(List.of(devicePort));
            DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
            listener.receive(p);
            byte[] d = p.getData();
            assertThat(d[0] & 0xff).isEqualTo(0x81);
            assertThat(d[1] & 0xff).as("BVLC function").isEqualTo(0x0b);
            assertThat(((d[2] & 0xff) << 8) | (d[3] & 0xff)).isEqualTo(p.getLength());
            // NPDU version 1, then an unconfirmed Who-Is (type 0x10, service 8).
            assertThat(d[4]).isEqualTo((byte) 1);
            assertThat(d[6] & 0xff).isEqualTo(0x10);
            assertThat(d[7] & 0xff).isEqualTo(8);
        }
    }

    @Test
    void discoveryListsDevicesThatAnswerByBroadcastWithTheirObjectsNamesAndUnits() throws Exception {
        int p1 = SimulatedBacnetDevice.freeUdpPort();
        int p2 = SimulatedBacnetDevice.freeUdpPort();
        try (SimulatedBacnetDevice a = new SimulatedBacnetDevice(1201, p1, true);
             SimulatedBacnetDevice b = new SimulatedBacnetDevice(1202, p2, false);
             BacnetNetwork net = new BacnetNetwork("127.0.0.1", "127.255.255.255", SimulatedBacnetDevice.freeUdpPort(), List.of(p1, p2), ID, 1000)) {
            net.discover(List.of(p1, p2));
            BacnetLoopbackTest.await("both devices discovered", () -> net.devices().size() == 2);
            DiscoveredDevice d = net.devices().get(0);
            assertThat(d.instance()).isEqualTo(1201);
            assertThat(d.address()).isEqualTo("127.0.0.1:" + p1);
            assertThat(d.maxApdu()).isEqualTo(1476);
            assertThat(d.segmentation()).isEqualTo("segmented-both");
            assertThat(d.vendorId()).isEqualTo(a.device.getDeviceObject().<UnsignedInteger>get(PropertyIdentifier.vendorIdentifier).intValue());
            assertThat(net.devices().get(1).instance()).isEqualTo(1202);

            DiscoveredDevice described = new ObjectListReader(net).describe(1201).orElseThrow();
            assertThat(described.vendorName()).isNotBlank();
            assertThat(described.objects()).contains(new DiscoveredObject("analog-input", 1, "temp", "degrees-celsius"),
                    new DiscoveredObject("analog-input", 5, "cooling-power", "kilowatts"),
                    new DiscoveredObject("binary-input", 4, "occupancy", ""));
            assertThat(net.devices().get(0).objects()).isEqualTo(described.objects());
        }
    }

    @Test
    void aBroadcastIAmToTheGatewaysPortIsHeard() throws Exception {
        int port = SimulatedBacnetDevice.freeUdpPort();
        try (BacnetNetwork net = new BacnetNetwork("127.0.0.1", "127.255.255.255", port, List.of(), ID, 1000);
             SimulatedBacnetDevice d = new SimulatedBacnetDevice(1301, SimulatedBacnetDevice.freeUdpPort(), true)) {
            // A device that announces itself unprompted, by broadcast to the gateway's port.
            d.device.send(IpNetworkUtils.toAddress("127.255.255.255", port), d.device.getIAm());
            BacnetLoopbackTest.await("broadcast I-Am heard", () -> net.device(1301) != null);
            assertThat(net.device(1301).maxApdu()).isEqualTo(1476);
            assertThat(net.device(1301).address()).isEqualTo("127.0.0.1:" + d.port);
            assertThat(net.screen().accepted()).isPositive();
        }
    }

    @Test
    void theGatewaysDeviceObjectCarriesTheSiteIdentity() throws Exception {
        int port = SimulatedBacnetDevice.freeUdpPort();
        try (BacnetNetwork net = new BacnetNetwork("127.0.0.1", "127.255.255.255", port, List.of(), ID, 1000);
             SimulatedBacnetDevice tool = new SimulatedBacnetDevice(1401, SimulatedBacnetDevice.freeUdpPort(), true)) {
            ObjectIdentifier dev = new ObjectIdentifier(ObjectType.device, ID.instance());
            for (Object[] e : new Object[][] {{PropertyIdentifier.objectName, "Site 7 gateway"}, {PropertyIdentifier.vendorName, "Thermal Commons"},
                    {PropertyIdentifier.modelName, "COOL Edge"}, {PropertyIdentifier.location, "Plant room"}}) {
                ReadPropertyAck ack = tool.device.send(IpNetworkUtils.toAddress("127.0.0.1", port),
                        new ReadPropertyRequest(dev, (PropertyIdentifier) e[0])).get();
                assertThat(ack.getValue().toString()).as(e[0].toString()).isEqualTo(e[1]);
            }
        }
    }
}
