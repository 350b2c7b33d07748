import example.Greeting;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.util.Arrays;

/**
 * Lists the registry, looks "GreetingMaker" up and calls every method of the stub once (on the object's own
 * connection), printing what came back.
 */
public class GreetingClient {
    public static void main(String[] args) throws Exception {
        int registryPort = Integer.parseInt(args[0]);
        Registry registry = LocateRegistry.getRegistry("127.0.0.1", registryPort);
        System.out.println("list: " + Arrays.toString(registry.list()));
        Greeting greeting = (Greeting) registry.lookup("GreetingMaker");
        System.out.println("name: " + greeting.name());
        System.out.println("greet: " + greeting.greet("letian"));
        System.out.println("add: " + greeting.add(3, 4));
        System.out.println("scale: " + greeting.scale(40000000000L, 1.5));
        System.out.println("isFriend: " + greeting.isFriend("letian", true));
        System.out.println("initial: " + greeting.initial("irmen"));
        System.out.println("average: " + greeting.average(1.5f, (short) -2, (byte) 7));
        System.out.println("friends: " + Arrays.toString(greeting.friends()));
        greeting.ping();
        System.out.println("ping: done");
        System.out.println("self: " + greeting.self().greet("again"));
        System.out.println("done");
    }
}
