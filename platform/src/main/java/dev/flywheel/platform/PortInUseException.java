package dev.flywheel.platform;

/** A service could not bind its port because something else already listens there. */
public final class PortInUseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String service;
    private final int port;

    public PortInUseException(String service, String host, int port, Throwable cause) {
        super(String.format(
                "%s cannot start: port %d on %s is already in use. Stop whatever listens there "
                        + "(e.g. `ss -ltnp 'sport = :%d'`) or choose another port.",
                service, port, host, port), cause);
        this.service = service;
        this.port = port;
    }

    public String service() {
        return service;
    }

    public int port() {
        return port;
    }
}
