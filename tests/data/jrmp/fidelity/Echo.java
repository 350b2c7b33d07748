import java.rmi.Remote;
import java.rmi.RemoteException;

/**
 * The remote interface of the fidelity peer: every method takes the name of the case first, so that a decoded call
 * can be matched with what the peers printed, and returns what it received.
 */
public interface Echo extends Remote {
    Object echo(String name, Object value) throws RemoteException;

    /** Two values in one call (one serialization stream): they may share objects, and the second must survive the first. */
    Object[] pair(String name, Object first, Object second) throws RemoteException;

    int echoInt(String name, int value) throws RemoteException;

    long echoLong(String name, long value) throws RemoteException;

    short echoShort(String name, short value) throws RemoteException;

    byte echoByte(String name, byte value) throws RemoteException;

    char echoChar(String name, char value) throws RemoteException;

    boolean echoBoolean(String name, boolean value) throws RemoteException;

    float echoFloat(String name, float value) throws RemoteException;

    double echoDouble(String name, double value) throws RemoteException;
}
