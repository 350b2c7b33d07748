/**
 * The JVM the JMX client reads: nothing of its own, only the platform MBeans the JDK's JMX agent exports when the
 * JVM is started with -Dcom.sun.management.jmxremote.port=PORT. Prints "ready" and runs until killed.
 */
public class JmxTarget {
    public static void main(String[] args) throws Exception {
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
