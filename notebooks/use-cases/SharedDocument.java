///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Two clients edit one document at once through a server that orders (and transforms) their operations
//JAVA 17+
//SOURCES ../_kit/*.java

import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import kit.*;

public class SharedDocument {

    static final String START = "The quick fox";
    static final String INTENDED = "The brown fox jumps";

    // tag::op[]
    /** Insert or delete one character; "nop": nothing to do. */
    record Op(String author, String kind, int pos, char ch) {

        /**
         * This op, moved past one the server applied first. Both
         * were typed against the same text: positions after the
         * other's edit shift.
         */
        Op after(Op first) {
            boolean ins = first.kind.equals("ins");
            boolean del = first.kind.equals("del");
            boolean bothDel = del && kind.equals("del");
            // text that came in before me pushes me right,
            // text that went away before me pulls me left
            if (ins && first.pos <= pos) {
                return new Op(author, kind, pos + 1, ch);
            } else if (del && first.pos < pos) {
                return new Op(author, kind, pos - 1, ch);
            } else if (bothDel && first.pos == pos) {
                return new Op(author, "nop", pos, ch); // gone
            }
            return this;
        }

        void applyTo(StringBuilder text) {
            if (kind.equals("ins")) text.insert(pos, ch);
            if (kind.equals("del")) text.deleteCharAt(pos);
        }
    }
    // end::op[]

    // tag::server[]
    /** The server's copy: the text, and every op in one order. */
    static final class Document {
        final StringBuilder text = new StringBuilder(START);
        final List<Op> history = new ArrayList<>();
        final boolean transform;
        int late; // ops typed against a text that changed since

        Document(boolean transform) {
            this.transform = transform;
        }

        /** Without transforming: is the position there at all? */
        boolean fits(Op op) {
            boolean del = op.kind.equals("del");
            return op.pos <= text.length() - (del ? 1 : 0);
        }

        /** An op typed against revision {@code base}. */
        Op apply(Op op, int base) {
            if (base < history.size()) late++;
            if (transform) {
                for (int i = base; i < history.size(); i++) {
                    op = op.after(history.get(i)); // <1>
                }
            } else if (!fits(op)) {
                op = new Op(op.author, "nop", op.pos, op.ch);
            }
            op.applyTo(text);
            history.add(op);
            return op;
        }
    }

    @ServerEndpoint("/doc/{author}")
    public static class Editing {
        static final Set<Session> EDITORS =
                ConcurrentHashMap.newKeySet();
        static volatile Document doc;

        @OnOpen
        public void open(Session session) throws Exception {
            EDITORS.add(session);
            synchronized (doc) { // "text|revision|the text"
                String rev = String.valueOf(doc.history.size());
                session.getBasicRemote().sendText(
                        "text|" + rev + "|" + doc.text);
            }
        }

        @OnMessage
        public void edit(@PathParam("author") String who,
                         String message) {
            // base|kind|pos|char
            String[] f = message.split("\\|", 4);
            int base = Integer.parseInt(f[0]);
            int pos = Integer.parseInt(f[2]);
            Op typed = new Op(who, f[1], pos, f[3].charAt(0));
            synchronized (doc) { // one at a time: the order
                Op op = doc.apply(typed, base);
                String applied = doc.history.size() + "|"
                        + op.author + "|" + op.kind + "|" + op.pos
                        + "|" + op.ch;
                for (Session editor : EDITORS) {
                    try {
                        editor.getBasicRemote().sendText(applied); // <2>
                    } catch (Exception e) {
                        // an editor that left
                    }
                }
            }
        }
    }
    // end::server[]

    // tag::client[]
    /**
     * One user. Each key goes out with the revision it was typed
     * against; the next waits until the server has sent it back.
     * The view changes only by what the server sends, in order.
     */
    static final class Editor {
        final String name;
        final WebSocketClient socket;
        final StringBuilder view = new StringBuilder();
        int revision, cursor;

        Editor(String name, WebSocketClient socket, int cursor)
                throws Exception {
            this.name = name;
            this.socket = socket;
            this.cursor = cursor;
            String[] first = socket.receive().split("\\|", 3);
            revision = Integer.parseInt(first[1]);
            view.append(first[2]);
        }

        /** A key types itself; "del" deletes; "end" moves. */
        void type(List<String> keys) throws Exception {
            for (String key : keys) {
                if (key.equals("end")) {
                    cursor = view.length();
                    continue;
                }
                String kind = key.equals("del") ? "del" : "ins";
                String ch = kind.equals("del") ? "-" : key;
                socket.send(revision + "|" + kind + "|" + cursor
                        + "|" + ch);
                String author;
                do {
                    author = receive(); // others' may come first
                } while (!author.equals(name));
            }
        }

        /** Applies the server's next op; returns its author. */
        String receive() throws Exception {
            // rev|author|kind|pos|char
            String[] f = socket.receive().split("\\|", 5);
            int pos = Integer.parseInt(f[3]);
            Op op = new Op(f[1], f[2], pos, f[4].charAt(0));
            op.applyTo(view);
            revision = Integer.parseInt(f[0]);
            boolean mine = op.author.equals(name);
            if (op.kind.equals("ins")) { // cursor moves with text
                if (mine) cursor = pos + 1;
                else if (pos < cursor) cursor++;
            } else if (op.kind.equals("del")) {
                if (mine) cursor = pos;
                else if (pos < cursor) cursor--;
            }
            return op.author;
        }
    }
    // end::client[]

    public static void main(String[] args) throws Exception {
        System.out.println("the document: \"" + START + "\"");
        System.out.println("ann types \"brown \" before \"fox\"; at once");
        System.out.println("bob deletes \"quick \" and adds \" jumps\"");
        System.out.println("intended:     \"" + INTENDED + "\"");
        System.out.println();
        String naive = edit(false);
        String transforming = edit(true);
        Figures.publish("coedit-naive", "\"" + naive + "\"");
        Figures.publish("coedit-result", "\"" + transforming + "\"");
    }

    static String edit(boolean transform) throws Exception {
        Editing.doc = new Document(transform);
        // a few milliseconds each way, as between two real users: their keys cross on the wire
        try (DemoServer host = DemoServer.builder().endpoint(Editing.class).start();
             WireTap network = WireTap.in(host).delay(Direction.CLIENT_TO_SERVER, Duration.ofMillis(3))
                     .delay(Direction.SERVER_TO_CLIENT, Duration.ofMillis(3)).start();
             WebSocketClient annSocket = WebSocketClient.connect(network.wsUri("/doc/ann"));
             WebSocketClient bobSocket = WebSocketClient.connect(network.wsUri("/doc/bob"))) {
            Editor ann = new Editor("ann", annSocket, START.indexOf("fox"));
            Editor bob = new Editor("bob", bobSocket, START.indexOf("quick"));
            List<String> annKeys = List.of("b", "r", "o", "w", "n", " ");
            List<String> bobKeys = List.of("del", "del", "del", "del", "del", "del", "end", " ", "j", "u", "m", "p", "s");

            ExecutorService users = Executors.newFixedThreadPool(2);
            try {
                Future<?> a = users.submit(() -> { ann.type(annKeys); return null; });
                Future<?> b = users.submit(() -> { bob.type(bobKeys); return null; });
                a.get(10, TimeUnit.SECONDS);
                b.get(10, TimeUnit.SECONDS);
            } finally {
                users.shutdownNow();
            }
            int total;
            synchronized (Editing.doc) {
                total = Editing.doc.history.size();
            }
            for (Editor editor : List.of(ann, bob)) {
                while (editor.revision < total) editor.receive(); // the other's last edits
            }
            String server;
            int late;
            synchronized (Editing.doc) {
                server = Editing.doc.text.toString();
                late = Editing.doc.late;
            }
            System.out.println(transform ? "== a server that orders and transforms" : "== a server that only orders");
            System.out.println("ann sees:     \"" + ann.view + "\"");
            System.out.println("bob sees:     \"" + bob.view + "\"");
            System.out.println("server has:   \"" + server + "\"");
            boolean same = ann.view.toString().equals(bob.view.toString()) && server.equals(ann.view.toString());
            System.out.println("the same text everywhere: " + same);
            System.out.println("what both meant:          " + server.equals(INTENDED));
            System.out.println(late + " of " + total + " ops were typed against a text");
            System.out.println("that had changed before they arrived");
            System.out.println();
            String run = transform ? "ordering and transforming" : "ordering alone";
            Claims.check(run + ": all three copies hold the same text", same, ann.view + " / " + bob.view + " / " + server);
            Claims.check(run + ": some operations were typed against a text that had changed", late > 0, late + " of " + total);
            if (transform) {
                Claims.check("with transformation the text is what both meant", server.equals(INTENDED), server);
                Figures.publish("coedit-ops", total);
                Figures.publish("coedit-late", late);
            } else {
                Claims.check("ordering alone gave a text neither meant", !server.equals(INTENDED), server);
                Figures.publish("coedit-naive-ops", total);
                Figures.publish("coedit-naive-late", late);
            }
            return server;
        }
    }
}
