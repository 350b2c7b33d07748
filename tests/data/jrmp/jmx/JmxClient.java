import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A JMX client as jconsole or a JMX exporter is one: connects to the JMX agent of a JVM on HOST:PORT (HOST is
 * 127.0.0.1 unless given) through the RMI registry's "jmxrmi" binding, counts and queries MBeans, reads attributes
 * (one by one and several at once), describes an MBean, sets an attribute, invokes an operation without and with
 * arguments, and closes. Prints what came back.
 */
public class JmxClient {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + host + ":" + port + "/jmxrmi");
        try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
            MBeanServerConnection mbeans = connector.getMBeanServerConnection();
            System.out.println("connectionId: " + (connector.getConnectionId() != null));
            System.out.println("getMBeanCount: " + (mbeans.getMBeanCount() > 0));
            ObjectName memory = new ObjectName("java.lang:type=Memory");
            ObjectName runtime = new ObjectName("java.lang:type=Runtime");
            ObjectName threading = new ObjectName("java.lang:type=Threading");
            // A name whose keys are not in canonical (sorted) order.
            ObjectName heap = new ObjectName("java.lang:type=MemoryPool,name=G1 Old Gen");
            System.out.println("queryNames: " + mbeans.queryNames(new ObjectName("java.lang:type=Memory*"), null));
            CompositeData usage = (CompositeData) mbeans.getAttribute(memory, "HeapMemoryUsage");
            System.out.println("HeapMemoryUsage.used: " + ((Long) usage.get("used") > 0));
            System.out.println("Uptime: " + ((Long) mbeans.getAttribute(runtime, "Uptime") > 0));
            AttributeList list = mbeans.getAttributes(runtime, new String[] {"VmVendor", "SpecVersion"});
            System.out.println("getAttributes: " + list.size());
            System.out.println("isRegistered: " + mbeans.isRegistered(heap));
            System.out.println("getMBeanInfo: " + mbeans.getMBeanInfo(memory).getClassName());
            mbeans.setAttribute(memory, new Attribute("Verbose", Boolean.FALSE));
            System.out.println("setAttribute: done");
            mbeans.invoke(memory, "gc", null, null);
            System.out.println("invoke gc: done");
            long cpu = (Long) mbeans.invoke(threading, "getThreadCpuTime", new Object[] {1L},
                    new String[] {"long"});
            System.out.println("invoke getThreadCpuTime: " + (cpu >= -1));
        }
        System.out.println("done");
    }
}
