import java.rmi.NotBoundException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.util.Arrays;

/** Looks the Hello object up in the registry and calls every method once, printing what came back. */
public class HelloClient {
    public static void main(String[] args) throws Exception {
        int registryPort = Integer.parseInt(args[0]);
        Registry registry = LocateRegistry.getRegistry("127.0.0.1", registryPort);
        System.out.println("list: " + Arrays.toString(registry.list()));
        try {
            registry.lookup("Missing");
        } catch (NotBoundException e) {
            System.out.println("lookup Missing: " + e);
        }
        Hello hello = (Hello) registry.lookup("Hello");
        System.out.println("sayHello: " + hello.sayHello("letian"));
        System.out.println("add: " + hello.add(3, 4));
        System.out.println("fortunes: " + hello.fortunes(2));
        System.out.println("wordLengths: " + hello.wordLengths(new String[] {"hello", "world", "rmi"}));
        Point p = hello.move(new Point(1, 2, "start"), 10, 20);
        System.out.println("move: " + p.x + "," + p.y + " " + p.label);
        System.out.println("total: " + hello.total(new long[] {1L, 2L, 40000000000L}));
        System.out.println("mood: " + hello.mood(true));
        hello.touch();
        System.out.println("touch: done");
        try {
            hello.fail();
        } catch (IllegalStateException e) {
            System.out.println("fail: " + e);
        }
        // Stubs with a UnicastRef2: without and with a client socket factory.
        for (String name : new String[] {"Hello2", "Hello3"}) {
            Hello other = (Hello) registry.lookup(name);
            System.out.println(name + " sayHello: " + other.sayHello(name));
        }
        // Drop the stubs so the distributed garbage collector sends its clean calls before we exit.
        hello = null;
        System.gc();
        Thread.sleep(1500);
        System.out.println("done");
    }
}
