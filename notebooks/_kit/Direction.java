package kit;

/** Which way bytes travel. The client is whoever opened the TCP connection. */
public enum Direction {
    CLIENT_TO_SERVER("client → server"),
    SERVER_TO_CLIENT("server → client");

    private final String words;

    Direction(String words) {
        this.words = words;
    }

    public Direction reverse() {
        return this == CLIENT_TO_SERVER ? SERVER_TO_CLIENT : CLIENT_TO_SERVER;
    }

    @Override
    public String toString() {
        return words;
    }
}
