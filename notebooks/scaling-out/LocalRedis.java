//DEPS com.github.codemonstur:embedded-redis:1.4.3
//DEPS redis.clients:jedis:8.0.2
//DEPS org.slf4j:slf4j-api:2.0.17
//DEPS org.slf4j:slf4j-nop:2.0.17

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import redis.clients.jedis.Jedis;
import redis.embedded.RedisServer;

/**
 * A real Redis for this chapter: the {@code redis-server} binary that ships inside the
 * embedded-redis jar (Redis 6.2 for Linux), started on 127.0.0.1 on a free port, with no
 * persistence (nothing is written to disk), and stopped with the demo.
 */
final class LocalRedis implements AutoCloseable {
    private final RedisServer server;
    private final int port;

    private LocalRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    static LocalRedis start() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // a free port; Redis takes it a moment later
        }
        RedisServer server = RedisServer.newRedisServer().bind("127.0.0.1").port(port)
                .setting("save \"\"").setting("appendonly no").onShutdownForceStop(true)
                .soutListener(line -> { }).serrListener(line -> { })
                .build();
        server.start(); // returns once Redis says it is ready to accept connections
        return new LocalRedis(server, port);
    }

    int port() {
        return port;
    }

    /** A new connection (one per thread: a Jedis connection is not shared). */
    Jedis connect() {
        return new Jedis("127.0.0.1", port);
    }

    /** "6.2.11", as the server itself reports it. */
    String version() {
        try (Jedis jedis = connect()) {
            return jedis.info("server").lines().filter(l -> l.startsWith("redis_version:"))
                    .map(l -> l.substring("redis_version:".length()).strip()).findFirst().orElse("?");
        }
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }
}
