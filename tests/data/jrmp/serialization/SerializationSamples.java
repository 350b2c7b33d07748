import java.io.*;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.*;
import java.time.*;
import java.util.*;
import java.util.concurrent.TimeUnit;

/**
 * Writes one Java Object Serialization stream per grammar feature RpcScope's parser must handle, into the directory
 * given as the first argument (see make-samples.sh and README.md). Everything is written by the JDK's own
 * ObjectOutputStream; the contents of each file are listed in README.md.
 */
public class SerializationSamples {
    static class Point implements Serializable {
        private static final long serialVersionUID = 42L;
        int x = 1;
        int y = 2;
        String label = "start";
    }

    static class Base implements Serializable {
        private static final long serialVersionUID = 1L;
        int id = 7;
        String name = "base";
    }

    static class Derived extends Base {
        private static final long serialVersionUID = 2L;
        String name = "derived"; // hides Base.name
        boolean flag = true;
    }

    static class Node implements Serializable {
        private static final long serialVersionUID = 3L;
        String name;
        Node next;
        Node(String name) { this.name = name; }
    }

    /** Custom writeObject data: a byte, then 600 ints (so an int straddles the 1024-byte block records), then an object. */
    static class Blocks implements Serializable {
        private static final long serialVersionUID = 4L;
        int count = 600;
        private void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
            out.writeByte(7);
            for (int i = 0; i < count; i++)
                out.writeInt(i * 1000);
            out.writeObject("tail");
        }
    }

    public static class Ext implements Externalizable {
        private static final long serialVersionUID = 5L;
        int value = 0x01020304;
        String text = "external";
        public Ext() {}
        public void writeExternal(ObjectOutput out) throws IOException {
            out.writeInt(value);
            out.writeUTF(text);
        }
        public void readExternal(ObjectInput in) throws IOException {
            value = in.readInt();
            text = in.readUTF();
        }
    }

    static class Holder implements Serializable {
        private static final long serialVersionUID = 6L;
        String before = "before";
        Object broken = new Object(); // not serializable: the writer aborts with TC_EXCEPTION
    }

    static class Handler implements InvocationHandler, Serializable {
        private static final long serialVersionUID = 7L;
        String tag = "handler";
        public Object invoke(Object proxy, Method method, Object[] args) { return null; }
    }

    static class Primitives implements Serializable {
        private static final long serialVersionUID = 8L;
        byte b = -2;
        char c = 'x';
        double d = 2.5;
        float f = -1.25f;
        int i = -123456;
        long j = 1L << 40;
        short s = -300;
        boolean z = true;
    }

    interface Write {
        void to(ObjectOutputStream out) throws IOException;
    }

    static void write(Path dir, String name, Write w) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ObjectOutputStream out = new ObjectOutputStream(bytes);
        try {
            w.to(out);
        } catch (NotSerializableException expected) {
            // The stream now holds TC_EXCEPTION; keep writing after it.
            out.writeObject("after");
        }
        out.flush();
        Files.write(dir.resolve(name + ".ser"), bytes.toByteArray());
    }

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[0]);
        Files.createDirectories(dir);
        write(dir, "point", out -> out.writeObject(new Point()));
        write(dir, "primitives", out -> out.writeObject(new Primitives()));
        write(dir, "inheritance", out -> out.writeObject(new Derived()));
        write(dir, "strings", out -> {
            out.writeObject("plain");
            out.writeObject("nul\u0000 é € \uD83D\uDE00");
            char[] big = new char[70000];
            Arrays.fill(big, 'a');
            out.writeObject(new String(big));
            out.writeObject("plain"); // the same object again: a back-reference
        });
        write(dir, "arrays", out -> {
            out.writeObject(new int[] {1, -2, 3});
            out.writeObject(new long[] {1L << 40});
            out.writeObject(new byte[] {1, 2, (byte) 0xFF});
            out.writeObject(new char[] {'h', 'i'});
            out.writeObject(new boolean[] {true, false});
            out.writeObject(new double[] {0.5});
            out.writeObject(new float[] {1.5f});
            out.writeObject(new short[] {-1});
            out.writeObject(new int[][] {{1}, {2, 3}});
            out.writeObject(new String[] {"a", null, "a"});
        });
        write(dir, "collections", out -> {
            out.writeObject(new ArrayList<>(List.of("a", "b")));
            out.writeObject(new LinkedList<>(List.of(1, 2)));
            out.writeObject(new HashSet<>(List.of("only")));
            out.writeObject(new TreeSet<>(List.of("x", "y")));
            Map<String, Integer> hash = new HashMap<>();
            hash.put("one", 1);
            out.writeObject(hash);
            Map<String, String> linked = new LinkedHashMap<>();
            linked.put("k1", "v1");
            linked.put("k2", "v2");
            out.writeObject(linked);
            out.writeObject(new TreeMap<>(Map.of("b", 2L, "a", 1L)));
            Hashtable<String, Boolean> table = new Hashtable<>();
            table.put("t", true);
            out.writeObject(table);
            out.writeObject(new Vector<>(List.of("v")));
            out.writeObject(Arrays.asList("p", "q"));
            out.writeObject(List.of("im1", "im2"));
            out.writeObject(Map.of("mk", "mv"));
            out.writeObject(Collections.unmodifiableList(new ArrayList<>(List.of("u"))));
        });
        write(dir, "values", out -> {
            out.writeObject(Integer.valueOf(42));
            out.writeObject(Long.valueOf(-5));
            out.writeObject(Double.valueOf(1.5));
            out.writeObject(Boolean.TRUE);
            out.writeObject(Character.valueOf('z'));
            out.writeObject(new Date(1700000000123L));
            out.writeObject(new BigInteger("123456789012345678901234567890"));
            out.writeObject(new BigDecimal("-12.345"));
            out.writeObject(TimeUnit.SECONDS);
            out.writeObject(String.class);
        });
        write(dir, "cycle", out -> {
            Node a = new Node("a");
            Node b = new Node("b");
            a.next = b;
            b.next = a;
            out.writeObject(a);
            List<Object> self = new ArrayList<>();
            self.add("me");
            self.add(self);
            out.writeObject(self);
        });
        write(dir, "reset", out -> {
            out.writeObject("again");
            out.reset();
            out.writeObject("again");
        });
        write(dir, "blocks", out -> out.writeObject(new Blocks()));
        write(dir, "externalizable-v2", out -> out.writeObject(new Ext()));
        write(dir, "externalizable-v1", out -> {
            out.useProtocolVersion(ObjectStreamConstants.PROTOCOL_VERSION_1);
            out.writeObject(new Ext());
        });
        write(dir, "exception", out -> out.writeObject(new Holder()));
        write(dir, "proxy", out -> out.writeObject(Proxy.newProxyInstance(SerializationSamples.class.getClassLoader(),
                new Class<?>[] {Runnable.class, Comparable.class}, new Handler())));
        write(dir, "throwable", out -> out.writeObject(new IOException("disk full", new IllegalArgumentException("bad size"))));
        write(dir, "blockdata", out -> {
            out.writeInt(0x11223344);
            out.writeUTF("primitive");
            out.writeObject("object");
            out.writeLong(-1L);
        });
        writeFidelitySamples(dir);
        System.out.println("wrote samples to " + dir);
    }

    // Samples for value fidelity (written after the others so that their line numbers, which throwable.ser's stack
    // trace quotes, stay the same).

    static Object[] javaTimeValues() {
        return new Object[] {Instant.ofEpochSecond(1700000000L, 123456789), Instant.MIN, Instant.MAX,
                LocalDate.of(2024, 2, 29), LocalTime.of(10, 0), LocalTime.of(10, 15, 30, 1), LocalDateTime.of(2024, 1, 2, 3, 4, 5),
                ZonedDateTime.of(2024, 1, 2, 3, 4, 5, 6, ZoneId.of("Europe/Paris")),
                ZonedDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC),
                OffsetTime.of(10, 15, 0, 0, ZoneOffset.ofHoursMinutes(5, 30)),
                OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHoursMinutesSeconds(-1, -2, -3)),
                ZoneOffset.UTC, ZoneId.of("America/New_York"), Year.of(-5), YearMonth.of(12345, 6), MonthDay.of(12, 3),
                Duration.ofSeconds(-1, 500), Period.of(1, 2, 3)};
    }

    /** A tree of `levels` Object[2] arrays whose two elements are the same array one level down. */
    static Object[] sharedPaths(int levels) {
        Object[] level = new Object[] {"leaf"};
        for (int i = 0; i < levels; i++)
            level = new Object[] {level, level};
        return level;
    }

    static void writeFidelitySamples(Path dir) throws IOException {
        // java.time values go through java.time.Ser, an Externalizable proxy. RMI writes protocol version 1, where
        // its data has no block markers; plain ObjectOutputStream writes version 2 (block data).
        write(dir, "time-v1", out -> {
            out.useProtocolVersion(ObjectStreamConstants.PROTOCOL_VERSION_1);
            for (Object v : javaTimeValues())
                out.writeObject(v);
            out.writeObject("after");
        });
        write(dir, "time-v2", out -> {
            for (Object v : javaTimeValues())
                out.writeObject(v);
            out.writeObject("after");
        });
        write(dir, "externalizable-v1-then-more", out -> {
            out.useProtocolVersion(ObjectStreamConstants.PROTOCOL_VERSION_1);
            out.writeObject("before");
            out.writeObject(new Ext());
            out.writeObject("after");
        });
        write(dir, "bignumbers", out -> {
            out.writeObject(BigInteger.TWO.pow(8 * 5000).subtract(BigInteger.ONE));
            out.writeObject(BigInteger.TEN.pow(40).negate());
            out.writeObject(new BigDecimal(BigInteger.TWO.pow(8 * 5000).add(BigInteger.ONE), 20));
            out.writeObject(new BigDecimal("1E+3"));
            out.writeObject(new BigDecimal("0.0000001"));
            out.writeObject(new BigDecimal(BigInteger.valueOf(7), Integer.MAX_VALUE));
        });
        write(dir, "maps", out -> {
            Map<String, Object> nullKey = new HashMap<>();
            nullKey.put(null, "null key");
            nullKey.put("a", "string key");
            out.writeObject(nullKey);
            Map<Object, String> typed = new LinkedHashMap<>();
            typed.put(1, "int");
            typed.put("1", "string");
            typed.put(1L, "long");
            out.writeObject(typed);
            EnumMap<TimeUnit, String> enumKeys = new EnumMap<>(TimeUnit.class);
            enumKeys.put(TimeUnit.SECONDS, "s");
            out.writeObject(enumKeys);
            out.writeObject(new LinkedHashMap<>(Map.of("k".repeat(300), "long")));
            out.writeObject(new LinkedHashMap<>(Map.of("map", 1)));
            IdentityHashMap<String, Integer> same = new IdentityHashMap<>();
            same.put(new String("twice"), 1);
            same.put(new String("twice"), 2);
            out.writeObject(same);
            out.writeObject(new java.util.concurrent.ConcurrentHashMap<>(Map.of("c", "h")));
        });
        write(dir, "floats", out -> {
            out.writeObject(1.0f);
            out.writeObject(-0.0f);
            out.writeObject(0.1f);
            out.writeObject(Float.NaN);
            out.writeObject(1.0);
            out.writeObject(-0.0);
            out.writeObject(Double.NEGATIVE_INFINITY);
            out.writeObject(new float[] {0.1f, 3.4028235e38f, 1.4e-45f});
        });
        write(dir, "dates", out -> {
            for (long ms : new long[] {-62135596800000L, -62135596800001L, -62198755200001L, 253402300800000L,
                    Long.MAX_VALUE, Long.MIN_VALUE})
                out.writeObject(new Date(ms));
        });
        write(dir, "surrogates", out -> {
            out.writeObject("a\uD800b");
            out.writeObject("\uDC00\uD800");
            out.writeObject("\uD83D\uDE00");
            out.writeObject(new char[] {'\uDBFF'});
            out.writeObject(Character.valueOf('\uDC00'));
        });
        write(dir, "large", out -> {
            int[] ints = new int[20000];
            for (int i = 0; i < ints.length; i++)
                ints[i] = i * 7 - 50000;
            out.writeObject(ints);
            out.writeObject(new long[3000]);
            out.writeObject(sharedPaths(16));
        });
    }
}
