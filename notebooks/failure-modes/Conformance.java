///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION A conformance matrix: RFC 6455 cases sent over raw sockets to Tyrus, Tyrus behind the kit's guard, and Jetty
//JAVA 17+
//DEPS org.eclipse.jetty.websocket:jetty-websocket-jetty-server:12.1.14
//DEPS org.eclipse.jetty:jetty-slf4j-impl:12.1.14
//SOURCES ../_kit/*.java
//SOURCES JettyEcho.java SessionCount.java

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import kit.*;

/**
 * A small Autobahn|Testsuite-style runner: each case opens a fresh WebSocket by hand
 * (the kit's {@link Handshake} and {@link Frame}), sends frames a library would never
 * send, and records what came back: frames, and whether the server closed TCP. The
 * same cases go to three servers, each with an echo endpoint at {@code /echo}.
 */
public class Conformance {

    static final byte[] KEY = {0x37, (byte) 0xfa, 0x21, 0x3d};
    static final int SILENCE_MS = 2000; // a server that says nothing for this long has nothing to say

    // tag::cases[]
    /** One case: what the client sends, what RFC 6455 asks of the server, and whether what came back meets it. */
    record Case(String id, String name, String rfc, String required, int answers, Send send, Predicate<Seen> meets) {}

    static List<Case> cases() {
        byte[] hello = utf8("Hello");
        byte[] clef = {(byte) 0xF0, (byte) 0x9D, (byte) 0x84, (byte) 0x9E}; // U+1D11E, four bytes in UTF-8
        return List.of(
            new Case("text", "text \"Hello\"", "5.6", "echoed", 1, w -> w.send(frame(true, Frame.TEXT, hello)), echo(Frame.TEXT, hello)),
            new Case("empty-binary", "empty binary", "5.6", "echoed", 1, w -> w.send(frame(true, Frame.BINARY, new byte[0])), echo(Frame.BINARY, new byte[0])),
            new Case("len-126", "text, 126 B (16-bit length)", "5.2", "echoed", 1, w -> w.send(frame(true, Frame.TEXT, x(126))), echo(Frame.TEXT, x(126))),
            new Case("len-65536", "binary, 65,536 B (64-bit length)", "5.2", "echoed", 1, w -> w.send(frame(true, Frame.BINARY, x(65536))), echo(Frame.BINARY, x(65536))),
            new Case("chopped", "a frame sent 1 byte per TCP segment", "5.2", "echoed", 1, w -> w.sendByteByByte(frame(true, Frame.TEXT, hello)), echo(Frame.TEXT, hello)),
            new Case("ping-125", "ping with 125 B", "5.5.2", "pong, same data", 1, w -> w.send(frame(true, Frame.PING, x(125))), echo(Frame.PONG, x(125))),
            new Case("ping-126", "ping with 126 B", "5.5", "fail, 1002", 1, w -> w.send(frame(true, Frame.PING, x(126))), fails(1002)),
            new Case("pong", "unsolicited pong, then text", "5.5.3", "pong ignored, text echoed", 1,
                    w -> w.send(frame(true, Frame.PONG, utf8("unasked")), frame(true, Frame.TEXT, hello)), echo(Frame.TEXT, hello)),
            new Case("rsv1", "RSV1 set, no extension", "5.2", "fail, 1002", 1, w -> w.send(rsv1(frame(true, Frame.TEXT, hello))), fails(1002)),
            new Case("opcode-3", "reserved opcode 0x3", "5.2", "fail, 1002", 1, w -> w.send(frame(true, 0x3, hello)), fails(1002)),
            new Case("opcode-b", "reserved opcode 0xB", "5.2", "fail, 1002", 1, w -> w.send(frame(true, 0xB, hello)), fails(1002)),
            new Case("fragments", "text in 3 fragments", "5.4", "one message echoed", 1,
                    w -> w.send(frame(false, Frame.TEXT, utf8("Hel")), frame(false, Frame.CONTINUATION, utf8("lo, wor")),
                            frame(true, Frame.CONTINUATION, utf8("ld"))), echo(Frame.TEXT, utf8("Hello, world"))),
            new Case("ping-between", "ping between fragments", "5.4", "pong, then the message", 2,
                    w -> w.send(frame(false, Frame.TEXT, utf8("Hel")), frame(true, Frame.PING, utf8("p")),
                            frame(true, Frame.CONTINUATION, utf8("lo"))),
                    seen -> seen.frames().size() == 2 && echo(Frame.PONG, utf8("p")).test(seen)
                            && seen.frames().get(1).opcode() == Frame.TEXT && seen.frames().get(1).text().equals("Hello")),
            new Case("ping-fin0", "ping with FIN=0 (fragmented control)", "5.5", "fail, 1002", 1, w -> w.send(frame(false, Frame.PING, hello)), fails(1002)),
            new Case("lone-continuation", "continuation with no message", "5.4", "fail, 1002", 1, w -> w.send(frame(true, Frame.CONTINUATION, hello)), fails(1002)),
            new Case("text-in-fragments", "new text frame inside an unfinished message", "5.4", "fail, 1002", 1,
                    w -> w.send(frame(false, Frame.TEXT, utf8("Hel")), frame(true, Frame.TEXT, utf8("lo"))), fails(1002)),
            new Case("bad-utf8", "invalid UTF-8 (c3 28)", "8.1", "fail, 1007", 1, w -> w.send(frame(true, Frame.TEXT, new byte[] {(byte) 0xC3, 0x28})), fails(1007)),
            new Case("split-utf8", "a 4-byte character split across fragments", "5.6", "echoed whole", 1,
                    w -> w.send(frame(false, Frame.TEXT, Arrays.copyOf(clef, 2)), frame(true, Frame.CONTINUATION, Arrays.copyOfRange(clef, 2, 4))),
                    echo(Frame.TEXT, clef)),
            new Case("close-1000", "close 1000 with a reason", "5.5.1", "close frame back", 1, w -> w.send(close(1000, "bye")), closesWith(1000)),
            new Case("close-empty", "close with no payload", "5.5.1", "close frame back", 1, w -> w.send(frame(true, Frame.CLOSE, new byte[0])), closesWith(-1, 1000)),
            new Case("close-1-byte", "close with a 1-byte payload", "5.5.1", "fail, 1002", 1, w -> w.send(frame(true, Frame.CLOSE, new byte[] {3})), fails(1002)),
            new Case("close-1005", "close code 1005 (never sent)", "7.4.1", "fail, 1002", 1, w -> w.send(close(1005, "")), fails(1002)),
            new Case("close-999", "close code 999 (not in use)", "7.4.2", "fail, 1002", 1, w -> w.send(close(999, "")), fails(1002)),
            new Case("close-3000", "close code 3000 (registered range)", "7.4.2", "close frame back", 1, w -> w.send(close(3000, "")), closesWith(3000, 1000)),
            new Case("close-bad-reason", "close reason not UTF-8", "5.5.1", "fail, 1007", 1,
                    w -> w.send(frame(true, Frame.CLOSE, new byte[] {0x03, (byte) 0xE8, (byte) 0xC3, 0x28})), fails(1007)),
            new Case("unmasked", "unmasked client frame", "5.1", "MUST close; 1002 MAY", 1, w -> w.send(Frame.encode(true, Frame.TEXT, hello, null)), fails(1002)),
            new Case("big", "a message of two million bytes", "10.4", "no limit in the RFC; 1009 if refused", 1,
                    w -> w.sendInBackground(frame(true, Frame.BINARY, new byte[2_000_000])), seen -> true));
    }
    // end::cases[]

    public static void main(String[] args) throws Exception {
        Map<String, List<Seen>> results = new LinkedHashMap<>();
        // tag::servers[]
        try (DemoServer bare = DemoServer.builder().unguarded().endpoint(EchoEndpoint.class).start()) {
            results.put("Tyrus 2.2.2", runAll(bare.port()));
        }
        try (DemoServer guarded = DemoServer.builder().endpoint(EchoEndpoint.class).start()) { // the kit's default
            results.put("Tyrus + guard", runAll(guarded.port()));
        }
        try (JettyEcho jetty = JettyEcho.start()) {
            results.put("Jetty 12.1.14", runAll(jetty.port()));
            Figures.publish("jetty-max-binary-bytes", String.format(Locale.ROOT, "%,d", JettyEcho.maxBinaryMessageSize));
        }
        // end::servers[]
        report(cases(), results);
    }

    static List<Seen> runAll(int port) throws Exception {
        List<Seen> seen = new ArrayList<>();
        for (Case c : cases()) seen.add(run(port, c));
        return seen;
    }

    // tag::run[]
    /** One case on a fresh connection: send, read what comes, answer a close frame as a client should. */
    static Seen run(int port, Case c) throws Exception {
        try (Wire wire = new Wire(port)) {
            c.send().to(wire);
            List<Frame> frames = new ArrayList<>();
            try {
                while (frames.size() < c.answers()) {
                    Frame frame = wire.read();
                    frames.add(frame);
                    if (frame.opcode() == Frame.CLOSE) {
                        int code = frame.closeCode() > 0 ? frame.closeCode() : 1000;
                        wire.sendQuietly(close(code, "")); // the client's half of the closing handshake (§5.5.1)
                        return new Seen(frames, wire.awaitEnd());
                    }
                }
                return new Seen(frames, "open");
            } catch (SocketTimeoutException e) {
                return new Seen(frames, "silent");
            } catch (SocketException e) {
                return new Seen(frames, "reset");
            } catch (IOException e) {
                return new Seen(frames, "closed");
            }
        }
    }
    // end::run[]

    /** What the server did: its frames in order, then how the connection stood: open, closed, reset, silent. */
    record Seen(List<Frame> frames, String end) {
        boolean ended() {
            return end.equals("closed") || end.equals("reset");
        }

        boolean anyData() {
            return frames.stream().anyMatch(f -> f.opcode() != Frame.CLOSE);
        }

        /** The frames only, without how the connection ended (a reset or a FIN may race). */
        String frameLabel() {
            String label = new Seen(frames, "open").label();
            return label.isEmpty() ? "no frame" : label;
        }

        String label() {
            List<String> parts = new ArrayList<>();
            for (Frame f : frames) {
                parts.add(f.opcode() == Frame.CLOSE ? (f.closeCode() < 0 ? "close (no code)" : "close " + f.closeCode())
                        : f.type() + " " + String.format(Locale.ROOT, "%,d", f.payloadLength()) + " B");
            }
            String what = String.join(" + ", parts);
            return switch (end) {
                case "silent" -> what.isEmpty() ? "nothing" : what + ", then nothing";
                case "reset" -> what.isEmpty() ? "reset" : what + ", reset";
                case "closed" -> what.isEmpty() ? "TCP closed" : what;
                case "stayed open" -> what + ", TCP left open";
                default -> what;
            };
        }
    }

    static Predicate<Seen> echo(int opcode, byte[] payload) {
        return seen -> !seen.frames().isEmpty() && seen.frames().get(0).opcode() == opcode
                && Arrays.equals(seen.frames().get(0).payload(), payload);
    }

    /** Failed the connection (§7.1.7): no data back, TCP closed, and the close frame, if any, with this code. */
    static Predicate<Seen> fails(int code) {
        return seen -> !seen.anyData() && seen.ended()
                && seen.frames().stream().allMatch(f -> f.closeCode() == code);
    }

    static Predicate<Seen> closesWith(int... codes) {
        return seen -> seen.frames().size() == 1 && seen.ended()
                && Arrays.stream(codes).anyMatch(code -> seen.frames().get(0).closeCode() == code);
    }

    static void report(List<Case> cases, Map<String, List<Seen>> results) {
        List<String> servers = new ArrayList<>(results.keySet());
        List<String> header = new ArrayList<>(List.of("case", "RFC 6455", "required"));
        header.addAll(servers);
        Table table = new Table(header.toArray(String[]::new));
        int[] meets = new int[servers.size()];
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            List<Object> row = new ArrayList<>(List.of(c.name(), "§" + c.rfc(), c.required()));
            for (int s = 0; s < servers.size(); s++) {
                Seen seen = results.get(servers.get(s)).get(i);
                boolean ok = c.meets().test(seen);
                if (ok && !c.id().equals("big")) meets[s]++;
                String cell = seen.label() + (ok ? "" : " (!)");
                row.add(cell);
                Figures.publish("conf-" + c.id() + "-" + slug(servers.get(s)), cell);
            }
            table.row(row.toArray());
        }
        System.out.println("What each server sent back; (!) marks a departure from what the RFC asks.");
        System.out.println(table);
        int counted = cases.size() - 1; // the two-million-byte case has no right answer in the RFC
        for (int s = 0; s < servers.size(); s++) {
            System.out.printf(Locale.ROOT, "%s: %d of %d cases as the RFC asks%n", servers.get(s), meets[s], counted);
            Figures.publish("conf-meets-" + slug(servers.get(s)), meets[s]);
        }
        Figures.publish("conf-cases", counted);
        Claims.check("behind the guard, Tyrus met every case that has a right answer, and so did Jetty",
                meets[servers.indexOf("Tyrus + guard")] == counted && meets[servers.indexOf("Jetty 12.1.14")] == counted,
                "met: " + java.util.Arrays.toString(meets) + " of " + counted + " for " + servers);
        checkClaims(cases, results);
    }

    // tag::claims[]
    static void checkClaims(List<Case> cases, Map<String, List<Seen>> results) {
        Seen bare = find(cases, results, "Tyrus 2.2.2", "unmasked"), guarded = find(cases, results, "Tyrus + guard", "unmasked");
        Seen jetty = find(cases, results, "Jetty 12.1.14", "unmasked");
        Claims.check("Tyrus alone echoed the unmasked frame", echo(Frame.TEXT, utf8("Hello")).test(bare), bare.label());
        Claims.check("behind the guard, the unmasked frame was closed with 1002", fails(1002).test(guarded), guarded.label());
        Claims.check("Jetty closed the unmasked frame's connection with 1002", fails(1002).test(jetty), jetty.label());
        Seen bigBare = find(cases, results, "Tyrus 2.2.2", "big"), bigGuarded = find(cases, results, "Tyrus + guard", "big");
        Claims.check("Tyrus alone echoed the two-million-byte message", echo(Frame.BINARY, new byte[2_000_000]).test(bigBare), bigBare.label());
        Claims.check("behind the guard, the two-million-byte message was closed with 1009", fails(1009).test(bigGuarded), bigGuarded.label());
        Seen bigJetty = find(cases, results, "Jetty 12.1.14", "big");
        Claims.check("Jetty closed the two-million-byte message with 1009", fails(1009).test(bigJetty), bigJetty.label());
        List<String> departs = new ArrayList<>(); // cases where Tyrus alone did not do what the RFC asks
        for (int i = 0; i < cases.size(); i++) {
            if (!cases.get(i).meets().test(results.get("Tyrus 2.2.2").get(i))) departs.add(cases.get(i).id());
        }
        Claims.check("the unmasked frame is the one case where Tyrus alone departs from the RFC",
                departs.equals(List.of("unmasked")), "departs: " + departs);
        Seen emptyGuarded = find(cases, results, "Tyrus + guard", "close-empty"), emptyJetty = find(cases, results, "Jetty 12.1.14", "close-empty");
        Claims.check("to a close with no payload, Tyrus answered close 1000 and Jetty a close frame with no payload",
                emptyGuarded.frameLabel().equals("close 1000") && emptyJetty.frameLabel().equals("close (no code)"),
                emptyGuarded.frameLabel() + " / " + emptyJetty.frameLabel());
        Claims.check("Jetty's default limit on a binary message is exactly the 65,536 B of the 64-bit-length case",
                JettyEcho.maxBinaryMessageSize == 65536, "limit: " + JettyEcho.maxBinaryMessageSize);
        List<String> changed = new ArrayList<>(); // cases where the guard made a difference
        for (int i = 0; i < cases.size(); i++) {
            Seen a = results.get("Tyrus 2.2.2").get(i), b = results.get("Tyrus + guard").get(i);
            if (!a.frameLabel().equals(b.frameLabel())) changed.add(cases.get(i).id());
        }
        Claims.check("the guard changed only the unmasked and the two-million-byte case", changed.equals(List.of("unmasked", "big")),
                "changed: " + changed);
        List<String> apart = new ArrayList<>(); // cases where Jetty and the guarded Tyrus answered differently
        for (int i = 0; i < cases.size(); i++) {
            Seen b = results.get("Tyrus + guard").get(i), j = results.get("Jetty 12.1.14").get(i);
            if (!b.frameLabel().equals(j.frameLabel())) apart.add(cases.get(i).id());
        }
        Claims.check("the guarded Tyrus and Jetty sent the same frames in every case but the close with no payload",
                apart.equals(List.of("close-empty")), "different: " + apart);
        System.out.println("Where the guarded Tyrus and Jetty sent different frames: " + (apart.isEmpty() ? "nowhere" : String.join(", ", apart)));
        Figures.publish("conf-apart", apart.size());
    }
    // end::claims[]

    static Seen find(List<Case> cases, Map<String, List<Seen>> results, String server, String id) {
        for (int i = 0; i < cases.size(); i++) if (cases.get(i).id().equals(id)) return results.get(server).get(i);
        throw new IllegalArgumentException(id);
    }

    static String slug(String server) {
        return server.startsWith("Jetty") ? "jetty" : server.contains("guard") ? "guarded" : "tyrus";
    }

    static byte[] frame(boolean fin, int opcode, byte[] payload) {
        return Frame.encode(fin, opcode, payload, KEY);
    }

    static byte[] close(int code, String reason) {
        byte[] text = utf8(reason);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return frame(true, Frame.CLOSE, payload);
    }

    static byte[] rsv1(byte[] frame) {
        frame[0] |= 0x40;
        return frame;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] x(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'x');
        return bytes;
    }

    @FunctionalInterface
    interface Send {
        void to(Wire wire) throws IOException;
    }

    /** A WebSocket opened by hand on a plain socket; every read is bounded. */
    static final class Wire implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private Thread writer;

        Wire(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(SILENCE_MS);
            in = socket.getInputStream();
            socket.getOutputStream().write(Handshake.request("127.0.0.1", port, "/echo", Handshake.newKey()));
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) throw new IOException("closed during the handshake");
                head.write(b);
            }
            if (!head.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 101")) throw new IOException("no 101: " + head);
        }

        void send(byte[]... frames) throws IOException {
            for (byte[] frame : frames) socket.getOutputStream().write(frame);
        }

        void sendByteByByte(byte[] frame) throws IOException {
            for (byte b : frame) {
                socket.getOutputStream().write(b);
                socket.getOutputStream().flush();
            }
        }

        /** For a frame the server may refuse half-way: written on its own thread, failures ignored. */
        void sendInBackground(byte[] frame) {
            writer = new Thread(() -> {
                try {
                    socket.getOutputStream().write(frame);
                } catch (IOException e) {
                    // the server closed while we wrote: what it sent back tells the story
                }
            }, "big-writer");
            writer.setDaemon(true);
            writer.start();
        }

        void sendQuietly(byte[] frame) {
            try {
                socket.getOutputStream().write(frame);
            } catch (IOException e) {
                // already closed by the server
            }
        }

        /** One whole frame: header, then payload, read as the header says (RFC 6455 §5.2). */
        Frame read() throws IOException {
            byte[] start = readN(2);
            int lengthField = start[1] & 0x7F;
            boolean masked = (start[1] & 0x80) != 0;
            byte[] rest = readN((lengthField == 126 ? 2 : lengthField == 127 ? 8 : 0) + (masked ? 4 : 0));
            long length = lengthField;
            if (lengthField >= 126) {
                length = 0;
                for (int i = 0; i < (lengthField == 126 ? 2 : 8); i++) length = (length << 8) | (rest[i] & 0xFF);
            }
            if (length > 16_000_000) throw new IOException("frame of " + length + " bytes");
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(start);
            all.writeBytes(rest);
            all.writeBytes(readN((int) length));
            return Frame.parse(all.toByteArray(), 0, all.size());
        }

        private byte[] readN(int n) throws IOException {
            byte[] bytes = in.readNBytes(n);
            if (bytes.length < n) throw new IOException("end of stream");
            return bytes;
        }

        /** After the close frames: did the server close TCP? */
        String awaitEnd() {
            try {
                while (in.read() >= 0) { /* bytes after a close frame are ignored (§5.5.1) */ }
                return "closed";
            } catch (SocketTimeoutException e) {
                return "stayed open";
            } catch (IOException e) {
                return "reset";
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            if (writer != null) {
                try {
                    writer.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
