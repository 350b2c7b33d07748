import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Writes core/jrmp/jdkremotemethodtable.inc: every method of the JDK's own remote interfaces with its JVM descriptor
 * and the JDK 1.2 method hash RMI puts on the wire for it. Run by generate.sh (beside this file) with the JDK whose
 * interfaces the table describes.
 *
 * The interfaces are read from the running JDK by reflection, and each hash is computed twice: by the JDK's own
 * sun.rmi.server.Util.computeMethodHash (what its stubs and skeletons use) and by this program from the
 * specification (SHA-1 of DataOutputStream.writeUTF(name + descriptor), the first 8 bytes little-endian); the two
 * must agree. The activation interfaces (java.rmi.activation) were removed in JDK 17: their signatures are listed
 * below from the Java SE 16 API, and their hashes come from the specification alone (those of ActivationSystem
 * agree with the constants in the JDK 8 stub, sun.rmi.server.Activation$ActivationSystemImpl_Stub; the JMX hashes
 * were seen on the wire, tests/data/jrmp/jmx/jmx.pcap).
 */
public class GenerateJdkMethods {
    static final String[] INTERFACES = {
        "java.rmi.registry.Registry",
        "java.rmi.dgc.DGC",
        "javax.management.remote.rmi.RMIServer",
        "javax.management.remote.rmi.RMIConnection",
    };

    /** java.rmi.activation (Java SE 16 API), removed in JDK 17: interface, method name, descriptor. */
    static final String[][] ACTIVATION = {
        {"java.rmi.activation.Activator", "activate", "(Ljava/rmi/activation/ActivationID;Z)Ljava/rmi/MarshalledObject;"},
        {"java.rmi.activation.ActivationInstantiator", "newInstance",
         "(Ljava/rmi/activation/ActivationID;Ljava/rmi/activation/ActivationDesc;)Ljava/rmi/MarshalledObject;"},
        {"java.rmi.activation.ActivationMonitor", "activeObject",
         "(Ljava/rmi/activation/ActivationID;Ljava/rmi/MarshalledObject;)V"},
        {"java.rmi.activation.ActivationMonitor", "inactiveGroup", "(Ljava/rmi/activation/ActivationGroupID;J)V"},
        {"java.rmi.activation.ActivationMonitor", "inactiveObject", "(Ljava/rmi/activation/ActivationID;)V"},
        {"java.rmi.activation.ActivationSystem", "activeGroup",
         "(Ljava/rmi/activation/ActivationGroupID;Ljava/rmi/activation/ActivationInstantiator;J)"
             + "Ljava/rmi/activation/ActivationMonitor;"},
        {"java.rmi.activation.ActivationSystem", "getActivationDesc",
         "(Ljava/rmi/activation/ActivationID;)Ljava/rmi/activation/ActivationDesc;"},
        {"java.rmi.activation.ActivationSystem", "getActivationGroupDesc",
         "(Ljava/rmi/activation/ActivationGroupID;)Ljava/rmi/activation/ActivationGroupDesc;"},
        {"java.rmi.activation.ActivationSystem", "registerGroup",
         "(Ljava/rmi/activation/ActivationGroupDesc;)Ljava/rmi/activation/ActivationGroupID;"},
        {"java.rmi.activation.ActivationSystem", "registerObject",
         "(Ljava/rmi/activation/ActivationDesc;)Ljava/rmi/activation/ActivationID;"},
        {"java.rmi.activation.ActivationSystem", "setActivationDesc",
         "(Ljava/rmi/activation/ActivationID;Ljava/rmi/activation/ActivationDesc;)Ljava/rmi/activation/ActivationDesc;"},
        {"java.rmi.activation.ActivationSystem", "setActivationGroupDesc",
         "(Ljava/rmi/activation/ActivationGroupID;Ljava/rmi/activation/ActivationGroupDesc;)"
             + "Ljava/rmi/activation/ActivationGroupDesc;"},
        {"java.rmi.activation.ActivationSystem", "shutdown", "()V"},
        {"java.rmi.activation.ActivationSystem", "unregisterGroup", "(Ljava/rmi/activation/ActivationGroupID;)V"},
        {"java.rmi.activation.ActivationSystem", "unregisterObject", "(Ljava/rmi/activation/ActivationID;)V"},
    };

    static String descriptor(Class<?> c) {
        if (c.isArray())
            return c.getName().replace('.', '/');
        if (c == void.class) return "V";
        if (c == boolean.class) return "Z";
        if (c == byte.class) return "B";
        if (c == char.class) return "C";
        if (c == short.class) return "S";
        if (c == int.class) return "I";
        if (c == long.class) return "J";
        if (c == float.class) return "F";
        if (c == double.class) return "D";
        return "L" + c.getName().replace('.', '/') + ";";
    }

    static String descriptor(Method m) {
        StringBuilder b = new StringBuilder("(");
        for (Class<?> p : m.getParameterTypes())
            b.append(descriptor(p));
        return b.append(')').append(descriptor(m.getReturnType())).toString();
    }

    /** The JDK 1.2 method hash as the RMI specification (section 8.3) defines it. */
    static long specHash(String nameAndDescriptor) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(nameAndDescriptor);
        }
        byte[] sha = MessageDigest.getInstance("SHA").digest(bytes.toByteArray());
        long hash = 0;
        for (int i = 0; i < Math.min(8, sha.length); i++)
            hash += (long) (sha[i] & 0xFF) << (i * 8);
        return hash;
    }

    public static void main(String[] args) throws Exception {
        Method jdkHash = Class.forName("sun.rmi.server.Util").getMethod("computeMethodHash", Method.class);
        StringBuilder out = new StringBuilder();
        out.append("// Generated by core/jrmp/jdkmethods/generate.sh from ").append(System.getProperty("java.vm.name"))
            .append(' ').append(System.getProperty("java.version")).append(": do not edit.\n");
        out.append("// {interface, method, descriptor, JDK 1.2 method hash}; hashes of the JDK's interfaces as its own\n");
        out.append("// sun.rmi.server.Util.computeMethodHash computes them, of java.rmi.activation (removed in JDK 17) from\n");
        out.append("// the specification and the Java SE 16 API.\n");
        int count = 0;
        for (String name : INTERFACES) {
            Class<?> iface = Class.forName(name);
            List<Method> methods = new ArrayList<>(Arrays.asList(iface.getMethods()));
            methods.removeIf(m -> Modifier.isStatic(m.getModifiers()));
            methods.sort(Comparator.comparing((Method m) -> m.getName()).thenComparing(m -> descriptor(m)));
            for (Method m : methods) {
                String desc = descriptor(m);
                long hash = (Long) jdkHash.invoke(null, m);
                if (hash != specHash(m.getName() + desc))
                    throw new IllegalStateException("hash mismatch for " + name + "." + m.getName() + desc);
                out.append(String.format("{\"%s\", \"%s\", \"%s\", 0x%016xULL},%n", name, m.getName(), desc, hash));
                count++;
            }
        }
        for (String[] a : ACTIVATION) {
            long hash = specHash(a[1] + a[2]);
            out.append(String.format("{\"%s\", \"%s\", \"%s\", 0x%016xULL},%n", a[0], a[1], a[2], hash));
            count++;
        }
        System.out.print(out);
        System.err.println("GenerateJdkMethods: " + count + " methods");
    }
}
