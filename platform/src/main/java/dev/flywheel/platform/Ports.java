package dev.flywheel.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port helpers shared by the embedded services. */
public final class Ports {

    private Ports() {
    }

    /**
     * Resolves a configured port: {@code 0} picks a free ephemeral port; any other port is checked to
     * be free so that the caller fails with a clear {@link PortInUseException} instead of a bind error
     * deep inside the server.
     */
    public static int resolve(String service, String host, int port) {
        if (port == 0) {
            return freePort(host);
        }
        requireFree(service, host, port);
        return port;
    }

    /** Throws {@link PortInUseException} when {@code host:port} cannot be bound. */
    public static void requireFree(String service, String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new PortInUseException(service, host, port, e);
        }
    }

    /** A port that was free a moment ago. */
    public static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + host, e);
        }
    }
}
