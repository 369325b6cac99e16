package kit;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves threads behind: every server, tap and stream it
 * started must be over when it ends. The JDK HttpClient's own threads are
 * let go: on JDK 17 a client cannot be closed and its threads end when it is
 * garbage collected.
 */
public final class NoLeaks implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoLeaks.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("threads", live());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void afterEach(ExtensionContext context) throws InterruptedException {
        Set<Thread> before = (Set<Thread>) context.getStore(NS).get("threads");
        long deadline = System.nanoTime() + 3_000_000_000L;
        Set<Thread> left;
        do {
            left = live();
            left.removeAll(before);
            left.removeIf(t -> t.getName().startsWith("HttpClient-") || t.getName().startsWith("ForkJoinPool.commonPool"));
            if (left.isEmpty()) return;
            left.iterator().next().join(50); // bounded: the deadline below ends the loop
        } while (System.nanoTime() < deadline);
        fail("threads still running after the test: " + left.stream().map(Thread::getName).sorted().collect(Collectors.joining(", ")));
    }

    private static Set<Thread> live() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }
}
