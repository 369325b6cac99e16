import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import kit.ChildJvm;

/** The chapter's servers, started at once, each its own JVM running a {@link ChatNode}. */
record Fleet(List<ChildJvm> nodes) implements AutoCloseable {
    static Fleet start(int count, int redisPort) throws Exception {
        List<CompletableFuture<ChildJvm>> starting = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String name = "server-" + i;
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return ChildJvm.start(name, ChatNode.class, String.valueOf(redisPort), name);
                } catch (Exception e) {
                    throw new IllegalStateException(name + ": " + e.getMessage(), e);
                }
            }));
        }
        List<ChildJvm> nodes = new ArrayList<>();
        for (CompletableFuture<ChildJvm> node : starting) nodes.add(node.get(60, TimeUnit.SECONDS));
        return new Fleet(nodes);
    }

    int[] ports() {
        return nodes.stream().mapToInt(ChildJvm::port).toArray();
    }

    void backplane(boolean on) throws Exception {
        for (ChildJvm node : nodes) node.ask("backplane " + (on ? "on" : "off"), java.time.Duration.ofSeconds(10));
    }

    @Override
    public void close() throws InterruptedException {
        for (ChildJvm node : nodes) node.close();
    }
}
