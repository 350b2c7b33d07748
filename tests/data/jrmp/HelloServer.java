import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates an RMI registry on REGISTRY_PORT, exports a Hello object on the fixed OBJECT_PORT (so a capture filter
 * can catch it) and binds it through the registry's network interface, so the rebind call is on the wire too.
 * Two more objects are exported with the four-argument exportObject, whose stubs carry a UnicastRef2: "Hello2" on
 * OBJECT_PORT + 1 without socket factories (endpoint format 0) and "Hello3" on OBJECT_PORT + 2 with a client socket
 * factory that travels in the stub (endpoint format 1). Prints "ready" when clients may connect and runs until
 * killed.
 */
public class HelloServer implements Hello {
    public String sayHello(String name) {
        return "Hello, " + name;
    }

    public int add(int a, int b) {
        return a + b;
    }

    public List<String> fortunes(int count) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= count; i++)
            out.add("fortune " + i);
        return out;
    }

    public Map<String, Integer> wordLengths(String[] words) {
        Map<String, Integer> out = new HashMap<>();
        for (String w : words)
            out.put(w, w.length());
        return out;
    }

    public Point move(Point p, int dx, int dy) {
        return new Point(p.x + dx, p.y + dy, p.label);
    }

    public long total(long[] values) {
        long sum = 0;
        for (long v : values)
            sum += v;
        return sum;
    }

    public Mood mood(boolean happy) {
        return happy ? Mood.HAPPY : Mood.GRUMPY;
    }

    public void touch() {
    }

    public void fail() {
        throw new IllegalStateException("the fortune cookie jar is empty");
    }

    public static void main(String[] args) throws Exception {
        int registryPort = Integer.parseInt(args[0]);
        int objectPort = Integer.parseInt(args[1]);
        LocateRegistry.createRegistry(registryPort);
        HelloServer impl = new HelloServer();
        Hello stub = (Hello) UnicastRemoteObject.exportObject(impl, objectPort);
        Registry registry = LocateRegistry.getRegistry("127.0.0.1", registryPort);
        registry.rebind("Hello", stub);
        Hello stub2 = (Hello) UnicastRemoteObject.exportObject(new HelloServer(), objectPort + 1, null, null);
        registry.rebind("Hello2", stub2);
        Hello stub3 = (Hello) UnicastRemoteObject.exportObject(new HelloServer(), objectPort + 2,
                new HelloSocketFactory(), null);
        registry.rebind("Hello3", stub3);
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
