package example;

import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;

/**
 * Creates an RMI registry on REGISTRY_PORT, exports a GreetingMaker on OBJECT_PORT and binds it as "GreetingMaker"
 * through the registry's network interface (so the rebind is on the wire). Prints "ready" and runs until killed.
 */
public class GreetingMaker implements Greeting {
    private Greeting stub;

    public String name() {
        return "GreetingMaker";
    }

    public String greet(String name) {
        return "Hello, " + name;
    }

    public int add(int a, int b) {
        return a + b;
    }

    public long scale(long value, double factor) {
        return (long) (value * factor);
    }

    public boolean isFriend(String name, boolean strict) {
        return !strict || name.startsWith("l");
    }

    public char initial(String name) {
        return name.charAt(0);
    }

    public double average(float a, short b, byte c) {
        return (a + b + c) / 3.0;
    }

    public String[] friends() {
        return new String[] {"letian", "irmen"};
    }

    public void ping() {
    }

    public Greeting self() {
        return stub;
    }

    public static void main(String[] args) throws Exception {
        int registryPort = Integer.parseInt(args[0]);
        int objectPort = Integer.parseInt(args[1]);
        LocateRegistry.createRegistry(registryPort);
        GreetingMaker impl = new GreetingMaker();
        impl.stub = (Greeting) UnicastRemoteObject.exportObject(impl, objectPort);
        Registry registry = LocateRegistry.getRegistry("127.0.0.1", registryPort);
        registry.rebind("GreetingMaker", impl.stub);
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
