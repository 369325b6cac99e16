//DEPS org.glassfish.tyrus:tyrus-server:2.2.2
package kit;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * What a server keeps for one WebSocket member that is sent to from elsewhere (a broadcast,
 * a feed): the messages not yet written, with a bound and a policy for a member that does
 * not keep up.
 *
 * <p>Sends go through {@code getAsyncRemote()}, one at a time: the next message leaves when
 * Tyrus says the last one was written. A member whose TCP window is full (its client stopped
 * reading) therefore holds messages here, where they are counted, and the policy decides:
 * <ul>
 * <li>{@code DROP}: a message that does not fit under the bound is thrown away;</li>
 * <li>{@code CONFLATE}: only the newest waiting message is kept (right for a ticker, where
 *     the latest value is all a late reader wants);</li>
 * <li>{@code DISCONNECT}: the first message that does not fit closes the session with 1013,
 *     "try again later" (registered in the IANA close code registry of RFC 6455 §11.7;
 *     1008, policy violation, §7.4.1, is the other honest
 *     choice);</li>
 * <li>{@code UNBOUNDED}: no bound at all, every message handed to Tyrus at once. This is the
 *     trap, here to be measured: Tyrus queues whatever it is given.</li>
 * </ul>
 * Every offer returns at once: a slow member never holds up the caller.
 */
public final class Outbox {

    public enum Policy { DROP, CONFLATE, DISCONNECT, UNBOUNDED }

    private final Session session;
    private final Policy policy;
    private final long limitBytes;
    private final ArrayDeque<String> waiting = new ArrayDeque<>();
    private boolean sending, closed;
    private long queuedBytes, maxQueuedBytes, dropped, conflated, sent;

    public Outbox(Session session, Policy policy, long limitBytes) {
        this.session = session;
        this.policy = policy;
        this.limitBytes = limitBytes;
    }

    /** Hands one message to this member; never blocks. */
    public void offer(String text) {
        boolean close = false;
        synchronized (this) {
            if (closed) return;
            long size = text.length(); // the demos send ASCII: one byte a character
            switch (policy) {
                case UNBOUNDED -> {
                    add(size);
                    session.getAsyncRemote().sendText(text, result -> written(size, result.isOK()));
                    return;
                }
                case CONFLATE -> {
                    if (sending) {
                        if (!waiting.isEmpty()) {
                            queuedBytes -= waiting.poll().length();
                            conflated++;
                        }
                        waiting.add(text);
                        add(size);
                        return;
                    }
                }
                case DROP, DISCONNECT -> {
                    if (queuedBytes + size > limitBytes) {
                        if (policy == Policy.DROP) {
                            dropped++;
                            return;
                        }
                        closed = close = true;
                        for (String gone : waiting) queuedBytes -= gone.length(); // nothing more will be sent
                        waiting.clear();
                    } else if (sending) {
                        waiting.add(text);
                        add(size);
                        return;
                    }
                }
            }
            if (!close) {
                add(size);
                sending = true;
            }
        }
        if (close) {
            // off the caller's thread: the close frame waits behind the bytes already queued
            CompletableFuture.runAsync(this::closeTooSlow);
            return;
        }
        send(text);
    }

    private void send(String text) {
        long size = text.length();
        session.getAsyncRemote().sendText(text, result -> {
            String next;
            synchronized (this) {
                written(size, result.isOK());
                if (!result.isOK()) { // the member is gone: what waits for it goes too
                    for (String gone : waiting) queuedBytes -= gone.length();
                    waiting.clear();
                }
                next = waiting.poll();
                sending = next != null && !closed;
                if (!sending) next = null;
            }
            if (next != null) send(next);
        });
    }

    private void add(long size) {
        queuedBytes += size;
        maxQueuedBytes = Math.max(maxQueuedBytes, queuedBytes);
    }

    private synchronized void written(long size, boolean ok) {
        queuedBytes -= size;
        if (ok) sent++;
    }

    private void closeTooSlow() {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "too slow"));
        } catch (IOException e) {
            // the connection is gone already: nothing left to free
        }
    }

    /** Bytes given to this member and not yet written to its socket: the server's memory for it. */
    public synchronized long queuedBytes() {
        return queuedBytes;
    }

    /** The most that was ever waiting at once. */
    public synchronized long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    public synchronized long dropped() {
        return dropped;
    }

    public synchronized long conflated() {
        return conflated;
    }

    /** Messages Tyrus reported written (not those that failed because the connection went). */
    public synchronized long sent() {
        return sent;
    }

    public synchronized boolean closed() {
        return closed;
    }
}
