package dev.flywheel.platform.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Just enough of the Redis protocol (RESP2) to probe and shut down a server we started, so that the
 * platform needs no Redis client library at run time. One connection, one short-lived use.
 */
final class RespClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RespClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects and, when a password is given, authenticates; throws when AUTH is refused. */
    static RespClient connect(String host, int port, String password, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            RespClient client = new RespClient(socket);
            if (password != null) {
                String reply = client.call("AUTH", password);
                if (!"OK".equals(reply)) {
                    throw new IOException("AUTH refused: " + reply);
                }
            }
            return client;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Sends one command and returns its reply: the text of a simple string, bulk string or integer, or
     * {@code "-"} followed by the message for an error. Arrays are not needed here and not supported.
     */
    String call(String... args) throws IOException {
        send(args);
        return readReply();
    }

    /** Sends one command without reading a reply (e.g. {@code SHUTDOWN}, which closes the connection). */
    void send(String... args) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        buffer.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            buffer.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            buffer.writeBytes(bytes);
            buffer.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(buffer.toByteArray());
        out.flush();
    }

    /** True once the server has closed the connection (read returns end of stream). */
    boolean awaitClosed() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true; // a reset connection is closed too
        }
    }

    private String readReply() throws IOException {
        String line = readLine();
        if (line.isEmpty()) {
            throw new IOException("Empty reply from Redis");
        }
        char type = line.charAt(0);
        String rest = line.substring(1);
        return switch (type) {
            case '+', ':' -> rest;
            case '-' -> line;
            case '$' -> readBulk(Integer.parseInt(rest));
            default -> throw new IOException("Unsupported Redis reply: " + line);
        };
    }

    private String readBulk(int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(length + 2); // body + CRLF
        if (bytes.length < length + 2) {
            throw new EOFException("Redis closed the connection inside a reply");
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("Redis closed the connection");
            }
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            previous = b;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
