import java.io.IOException;
import java.io.Serializable;
import java.net.Socket;
import java.rmi.server.RMIClientSocketFactory;

/**
 * A client socket factory that travels inside the stub (UnicastRef2 endpoint format 1): the client connects through
 * it. It makes plain sockets; what matters for the fixture is that the stub carries it.
 */
public class HelloSocketFactory implements RMIClientSocketFactory, Serializable {
    private static final long serialVersionUID = 9L;
    private final String tag = "plain";

    public Socket createSocket(String host, int port) throws IOException {
        return new Socket(host, port);
    }

    public boolean equals(Object other) {
        return other instanceof HelloSocketFactory;
    }

    public int hashCode() {
        return 9;
    }
}
