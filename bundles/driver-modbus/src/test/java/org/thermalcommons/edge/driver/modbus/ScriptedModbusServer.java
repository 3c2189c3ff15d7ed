package org.thermalcommons.edge.driver.modbus;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Modbus TCP server written for the tests as a plain socket server, so it can answer anything: correct frames from
 * a register map, exceptions, or whatever a {@link Responder} makes up (garbage, truncated frames, wrong ids, silence,
 * slow answers). Loopback only, port chosen at run time, daemon threads; requests are parsed from the MBAP frame.
 */
final class ScriptedModbusServer implements AutoCloseable {
    /** One parsed request: MBAP transaction id and unit, function code, start address and quantity (or value). */
    record Request(int tid, int unit, int fc, int start, int quantity, byte[] pdu) {
    }

    /** What to do with one request. */
    record Reply(byte[] bytes, long delayMillis, boolean closeAfter) {
        static Reply of(byte[] bytes) {
            return new Reply(bytes, 0, false);
        }

        static Reply silence() {
            return new Reply(new byte[0], 0, false);
        }
    }

    interface Responder {
        Reply reply(Request r);
    }

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile Responder responder;
    final AtomicLong requests = new AtomicLong();
    final AtomicLong connections = new AtomicLong();

    ScriptedModbusServer(Responder responder) throws IOException {
        this.responder = responder;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "scripted-modbus-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void responder(Responder r) {
        this.responder = r;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                sockets.add(s);
                connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s), "scripted-modbus-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                byte[] head = new byte[7];
                in.readFully(head);
                ByteBuffer h = ByteBuffer.wrap(head);
                int tid = h.getShort() & 0xFFFF;
                h.getShort();
                int len = h.getShort() & 0xFFFF;
                int unit = h.get() & 0xFF;
                if (len < 2 || len > 260) {
                    return;
                }
                byte[] pdu = new byte[len - 1];
                in.readFully(pdu);
                ByteBuffer p = ByteBuffer.wrap(pdu);
                int fc = p.get() & 0xFF;
                int start = pdu.length >= 3 ? p.getShort() & 0xFFFF : 0;
                int qty = pdu.length >= 5 ? p.getShort() & 0xFFFF : 0;
                requests.incrementAndGet();
                Reply r = responder.reply(new Request(tid, unit, fc, start, qty, pdu));
                if (r.delayMillis() > 0) {
                    Thread.sleep(r.delayMillis());
                }
                out.write(r.bytes());
                out.flush();
                if (r.closeAfter()) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, or the test is over
        } finally {
            sockets.remove(s);
        }
    }

    /** An MBAP frame around {@code pdu} (length field computed). */
    static byte[] frame(int tid, int unit, byte[] pdu) {
        return ByteBuffer.allocate(7 + pdu.length).putShort((short) tid).putShort((short) 0).putShort((short) (pdu.length + 1))
                .put((byte) unit).put(pdu).array();
    }

    static byte[] exception(Request r, int code) {
        return frame(r.tid(), r.unit(), new byte[] {(byte) (r.fc() | 0x80), (byte) code});
    }

    /** The correct answer from a register map (registers for FC3/4, bits for FC1/2 as value != 0, echoes for writes). */
    static byte[] answer(Request r, int[] holding, int[] input, boolean[] bits) {
        switch (r.fc()) {
            case 3, 4 -> {
                int[] regs = r.fc() == 3 ? holding : input;
                if (r.start() + r.quantity() > regs.length || r.quantity() < 1 || r.quantity() > 125) {
                    return exception(r, 2);
                }
                ByteBuffer b = ByteBuffer.allocate(2 + 2 * r.quantity()).put((byte) r.fc()).put((byte) (2 * r.quantity()));
                for (int i = 0; i < r.quantity(); i++) {
                    b.putShort((short) regs[r.start() + i]);
                }
                return frame(r.tid(), r.unit(), b.array());
            }
            case 1, 2 -> {
                if (r.start() + r.quantity() > bits.length || r.quantity() < 1) {
                    return exception(r, 2);
                }
                byte[] data = new byte[(r.quantity() + 7) / 8];
                for (int i = 0; i < r.quantity(); i++) {
                    if (bits[r.start() + i]) {
                        data[i / 8] |= (byte) (1 << (i % 8));
                    }
                }
                return frame(r.tid(), r.unit(), ByteBuffer.allocate(2 + data.length).put((byte) r.fc()).put((byte) data.length).put(data).array());
            }
            case 5, 6 -> {
                if (r.fc() == 6 && r.start() < holding.length) {
                    holding[r.start()] = r.quantity();
                } else if (r.fc() == 5 && r.start() < bits.length) {
                    bits[r.start()] = r.quantity() == 0xFF00;
                }
                return frame(r.tid(), r.unit(), java.util.Arrays.copyOf(r.pdu(), 5));
            }
            case 16 -> {
                ByteBuffer p = ByteBuffer.wrap(r.pdu(), 6, r.pdu().length - 6);
                for (int i = 0; i < r.quantity() && r.start() + i < holding.length && p.remaining() >= 2; i++) {
                    holding[r.start() + i] = p.getShort() & 0xFFFF;
                }
                return frame(r.tid(), r.unit(), java.util.Arrays.copyOf(r.pdu(), 5));
            }
            default -> {
                return exception(r, 1);
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
