package example;

import java.rmi.Remote;
import java.rmi.RemoteException;

/** A remote interface Greeting extends: its method is a remote method of Greeting too. */
public interface Named extends Remote {
    String name() throws RemoteException;
}
