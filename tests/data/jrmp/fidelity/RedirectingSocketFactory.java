import java.io.IOException;
import java.io.Serializable;
import java.net.Socket;
import java.rmi.server.RMIClientSocketFactory;

/**
 * The client socket factory the Echo object is exported with. An RMI stub carries the endpoint of the object it
 * names, so a client would connect to the server directly; this factory (which travels inside the stub) connects to
 * `port` instead, where RpcScope's recording proxy listens and forwards to the server. Without a proxy, `port` is the
 * object's own port. The bytes on the wire are the JDK's own either way.
 */
public class RedirectingSocketFactory implements RMIClientSocketFactory, Serializable {
    private static final long serialVersionUID = 21L;
    private final int port;

    public RedirectingSocketFactory(int port) {
        this.port = port;
    }

    public Socket createSocket(String host, int ignoredPort) throws IOException {
        return new Socket(host, port);
    }

    public boolean equals(Object other) {
        return other instanceof RedirectingSocketFactory && ((RedirectingSocketFactory) other).port == port;
    }

    public int hashCode() {
        return port;
    }
}
