package dev.trygr.proxy.dns;

import dev.trygr.capture.DnsQueryRow;
import dev.trygr.proxy.testing.DnsStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Garbage, truncated, oversized and idle clients: each is dropped and recorded, and the next query is answered. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DnsBadInputTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration IDLE = Duration.ofMillis(300);

    @TempDir
    Path dir;
    private DnsStub stub;
    private DnsFixture trygr;

    @BeforeEach
    void start() throws Exception {
        stub = DnsStub.builder().answer("example.test", "192.0.2.10").start();
        trygr = new DnsFixture(dir, List.of(stub.address()), o -> o.withLimits(o.maxInFlight(), IDLE));
    }

    @AfterEach
    void stop() {
        trygr.close();
        stub.close();
    }

    @Test
    void badDatagramsAreDroppedAndRecordedAndOthersStillAnswered() throws Exception {
        byte[] ok = DnsPackets.query(0x0A0B, "api.ring.com", DnsTypes.A);
        byte[] random = new byte[100];
        new Random(7).nextBytes(random);
        random[2] = 0;        // a query with opcode 0 ...
        random[4] = 0;
        random[5] = 1;        // ... and one question, so the name decides
        byte[] oversized = Arrays.copyOf(DnsPackets.query(0x0C0D, "example.test", DnsTypes.A), 5000);
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("truncated header: 0 bytes", new byte[0]);
        bad.put("truncated header: 5 bytes", Arrays.copyOf(ok, 5));
        bad.put("truncated name", Arrays.copyOf(ok, 16));
        bad.put("truncated question", Arrays.copyOf(ok, ok.length - 1));
        bad.put("not a query: the QR bit is set", DnsMessages.answer(DnsQuery.parse(ok), List.of()));
        bad.put("unsupported opcode 10", "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        bad.put("oversized: more than 4096 bytes", oversized);
        bad.put("random", random);

        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            client.setSoTimeout(5000);
            int id = 1;
            for (byte[] packet : bad.values()) {
                client.send(new DatagramPacket(packet, packet.length, trygr.address()));
                byte[] query = DnsPackets.query(id, id % 2 == 0 ? "api.ring.com" : "example.test", DnsTypes.A);
                client.send(new DatagramPacket(query, query.length, trygr.address()));
                assertEquals(id, DnsQuery.idOf(receive(client)), "the next answer is the good query's, "
                        + "the bad one got none");
                id++;
            }
        }

        List<DnsQueryRow> malformed = trygr.rows(r -> "malformed".equals(r.outcome()), bad.size());
        assertEquals(bad.size(), malformed.size(), malformed.toString());
        for (DnsQueryRow row : malformed) {
            assertNull(row.name());
            assertNull(row.type());
            assertNull(row.rcode());
            assertNull(row.latencyMicros());
            assertEquals(List.of(), row.answers());
            assertEquals("udp", row.transport());
            assertEquals("127.0.0.1", row.clientAddress());
        }
        List<String> errors = malformed.stream().map(DnsQueryRow::error).toList();
        for (String expected : bad.keySet()) {
            if (!expected.equals("random")) {
                assertTrue(errors.contains(expected), expected + " not in " + errors);
            }
        }
        assertEquals(0x0C0D, malformed.get(6).queryId(), "the oversized packet's id is still recorded");
        assertNull(malformed.get(0).queryId(), "no id in an empty packet");
        assertEquals(bad.size(), trygr.rows(r -> !"malformed".equals(r.outcome()), bad.size()).size());
    }

    @Test
    void tcpGarbageIsRecordedAndDisconnected() throws Exception {
        assertClosedAfter("GET / HTTP/1.1\r\nHost: api.ring.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII), false);
        assertClosedAfter(DnsPackets.framed(new byte[] {1, 2, 3, 4, 5}), false);
        byte[] opcode = DnsPackets.query(0x3333, "api.ring.com", DnsTypes.A);
        opcode[2] = (byte) (4 << 3);
        assertClosedAfter(DnsPackets.framed(opcode), false);
        byte[] cut = Arrays.copyOf(DnsPackets.framed(DnsPackets.query(0x4444, "example.test", DnsTypes.A)), 12);
        assertClosedAfter(cut, true);

        List<DnsQueryRow> rows = trygr.rows(r -> "malformed".equals(r.outcome()) && "tcp".equals(r.transport()), 4);
        assertEquals(List.of(
                        "oversized: TCP length prefix 18245 exceeds the 4096-byte limit",
                        "truncated header: 5 bytes",
                        "unsupported opcode 4",
                        "truncated: the connection ended after 10 of 30 bytes of a message"),
                rows.stream().map(DnsQueryRow::error).toList());
        assertEquals(Arrays.asList(null, 0x0102, 0x3333, 0x4444), rows.stream().map(DnsQueryRow::queryId).toList());
        assertAnswersOverTcp();
    }

    @Test
    void idleTcpClientsAreDisconnected() throws Exception {
        try (Socket socket = new Socket(LOOPBACK, trygr.address().getPort())) {
            socket.setSoTimeout(5000);
            long started = System.nanoTime();
            assertEquals(-1, socket.getInputStream().read(), "closed by trygr");
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(waited >= IDLE.toMillis() - 50 && waited < 3000, "closed after " + waited + " ms");
        }
        try (Socket socket = new Socket(LOOPBACK, trygr.address().getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {0, 40, 0, 1});   // the start of a 40-byte message, then nothing
            out.flush();
            assertEquals(-1, socket.getInputStream().read(), "a stalled message is idle too");
        }
        assertAnswersOverTcp();
    }

    @Test
    void aHalfClosedTcpClientStillGetsItsAnswers() throws Exception {
        try (Socket socket = new Socket(LOOPBACK, trygr.address().getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(DnsPackets.concat(DnsPackets.framed(DnsPackets.query(21, "example.test", DnsTypes.A)),
                    DnsPackets.framed(DnsPackets.query(22, "api.ring.com", DnsTypes.A))));
            out.flush();
            socket.shutdownOutput();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            List<Integer> ids = List.of(DnsQuery.idOf(readFramed(in)), DnsQuery.idOf(readFramed(in)));
            assertEquals(List.of(21, 22), ids.stream().sorted().toList());
            assertEquals(-1, in.read(), "then trygr closes");
        }
    }

    private void assertClosedAfter(byte[] bytes, boolean halfClose) throws Exception {
        try (Socket socket = new Socket(LOOPBACK, trygr.address().getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            if (halfClose) {
                socket.shutdownOutput();
            }
            InputStream in = socket.getInputStream();
            try {
                assertEquals(-1, in.read(), "no answer, and the connection is closed");
            } catch (SocketException e) {
                // a reset is a close as well (unread garbage left in trygr's socket)
            }
        }
    }

    private void assertAnswersOverTcp() throws Exception {
        try (Socket socket = new Socket(LOOPBACK, trygr.address().getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(DnsPackets.framed(DnsPackets.query(99, "api.ring.com", DnsTypes.A)));
            DnsReply reply = DnsReply.parse(readFramed(new DataInputStream(socket.getInputStream())));
            assertEquals(99, reply.id());
            assertEquals(List.of("A 127.0.0.1"), reply.answers());
        }
    }

    private static byte[] readFramed(DataInputStream in) throws Exception {
        byte[] message = new byte[in.readUnsignedShort()];
        in.readFully(message);
        return message;
    }

    private static byte[] receive(DatagramSocket client) throws Exception {
        DatagramPacket packet = new DatagramPacket(new byte[4096], 4096);
        client.receive(packet);
        return Arrays.copyOf(packet.getData(), packet.getLength());
    }
}
