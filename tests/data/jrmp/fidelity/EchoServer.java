import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;

/**
 * The fidelity peer's server: an RMI registry on REGISTRY_PORT and an Echo object exported on OBJECT_PORT with a
 * RedirectingSocketFactory(CLIENT_PORT), so clients reach it through whatever listens on CLIENT_PORT (the recording
 * proxy; or the object port itself). For every call it prints what it received, one line per argument:
 * `name TAB argN TAB json` in RpcScope's JSON mapping (JsonMapping), and returns it. Prints "ready" when clients may
 * connect and runs until killed.
 * Usage: java EchoServer REGISTRY_PORT OBJECT_PORT CLIENT_PORT
 */
public class EchoServer implements Echo {
    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private static synchronized void received(String name, Object... args) {
        for (int i = 0; i < args.length; i++)
            OUT.println(name + "\targ" + i + "\t" + JsonMapping.json(args[i]));
    }

    public Object echo(String name, Object value) {
        received(name, value);
        return value;
    }

    public Object[] pair(String name, Object first, Object second) {
        received(name, first, second);
        return new Object[] {first, second};
    }

    public int echoInt(String name, int value) {
        received(name, value);
        return value;
    }

    public long echoLong(String name, long value) {
        received(name, value);
        return value;
    }

    public short echoShort(String name, short value) {
        received(name, value);
        return value;
    }

    public byte echoByte(String name, byte value) {
        received(name, value);
        return value;
    }

    public char echoChar(String name, char value) {
        received(name, value);
        return value;
    }

    public boolean echoBoolean(String name, boolean value) {
        received(name, value);
        return value;
    }

    public float echoFloat(String name, float value) {
        received(name, value);
        return value;
    }

    public double echoDouble(String name, double value) {
        received(name, value);
        return value;
    }

    public static void main(String[] args) throws Exception {
        int registryPort = Integer.parseInt(args[0]);
        int objectPort = Integer.parseInt(args[1]);
        int clientPort = Integer.parseInt(args[2]);
        Registry registry = LocateRegistry.createRegistry(registryPort);
        EchoServer impl = new EchoServer();
        Echo stub = (Echo) UnicastRemoteObject.exportObject(impl, objectPort, new RedirectingSocketFactory(clientPort),
                null);
        registry.rebind("echo", stub);
        OUT.println("ready");
        Thread.sleep(Long.MAX_VALUE);
    }
}
