import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Open sessions, counted by an endpoint's open and close callbacks; others wait for a number, with a bound. */
final class SessionCount {
    private int value;

    synchronized void add(int delta) {
        value += delta;
        notifyAll();
    }

    synchronized String await(int target, long seconds) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (value != target) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new TimeoutException("sessions: " + value + ", not " + target);
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return "sessions " + value;
    }
}
