import java.rmi.Remote;
import java.rmi.RemoteException;
import java.util.List;
import java.util.Map;

/** The remote interface the fixture exercises: one method per kind of value RpcScope must decode. */
public interface Hello extends Remote {
    enum Mood { HAPPY, GRUMPY }

    String sayHello(String name) throws RemoteException;

    int add(int a, int b) throws RemoteException;

    List<String> fortunes(int count) throws RemoteException;

    Map<String, Integer> wordLengths(String[] words) throws RemoteException;

    Point move(Point p, int dx, int dy) throws RemoteException;

    long total(long[] values) throws RemoteException;

    Mood mood(boolean happy) throws RemoteException;

    void touch() throws RemoteException;

    void fail() throws RemoteException;
}
