import java.io.ByteArrayInputStream;
import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * Reads JRMP Return messages (one file each: 0x51, then the serialization stream) the way the JDK's RMI client
 * does: the return type byte and UID, then the returned object, and prints the object (a stub prints its endpoint
 * and ObjID) or the exception that reading it threw. Used by tst_jrmpendpointrewriter to have Java itself read the
 * bytes RpcScope rewrote.
 */
public class ReadReturns {
    public static void main(String[] args) throws Exception {
        for (String file : args) {
            byte[] bytes = Files.readAllBytes(Paths.get(file));
            try (ObjectInputStream in = new ObjectInputStream(
                    new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
                byte type = in.readByte();
                in.readInt();
                in.readLong();
                in.readShort();
                Object value = in.readObject();
                System.out.println(file + "\t" + type + "\t" + value + "\t" + in.available());
            } catch (Exception e) {
                System.out.println(file + "\terror\t" + e);
            }
        }
        System.out.flush();
        // Reading a stub outside a connection registers it with the DGC, whose threads would keep trying.
        System.exit(0);
    }
}
