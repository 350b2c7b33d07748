package example;

import java.rmi.RemoteException;

/**
 * The remote interface of the names fixture: one method per kind of argument and result whose type is not on the
 * wire (primitives of every width), a String[] result, a void method and a method returning the object's own stub.
 */
public interface Greeting extends Named {
    String greet(String name) throws RemoteException;

    int add(int a, int b) throws RemoteException;

    long scale(long value, double factor) throws RemoteException;

    boolean isFriend(String name, boolean strict) throws RemoteException;

    char initial(String name) throws RemoteException;

    double average(float a, short b, byte c) throws RemoteException;

    String[] friends() throws RemoteException;

    void ping() throws RemoteException;

    Greeting self() throws RemoteException;
}
