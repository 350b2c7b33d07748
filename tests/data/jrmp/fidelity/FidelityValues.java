import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.*;
import java.util.*;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The values the fidelity peers exchange, each under a name. `all()` is the interop test's wide set; `golden()` the
 * cases of the golden capture (one per problem the decoder once had).
 */
public final class FidelityValues {
    private FidelityValues() {}

    /** One call: the method, the case's name and its arguments. */
    public static final class Case {
        final String method;
        final String name;
        final Object[] args;

        Case(String method, String name, Object... args) {
            this.method = method;
            this.name = name;
            this.args = args;
        }
    }

    public static class Point implements Serializable {
        private static final long serialVersionUID = 1L;
        byte b = -2;
        char c = 'x';
        double d = -0.0;
        float f = 1.0f;
        int i = Integer.MIN_VALUE;
        long j = Long.MAX_VALUE;
        short s = -300;
        boolean z = true;
        String label = "p";
        Object nothing = null;
        transient String notSent = "transient";
    }

    public static class Base implements Serializable {
        private static final long serialVersionUID = 2L;
        int id = 7;
        String name = "base";
    }

    public static class Derived extends Base {
        private static final long serialVersionUID = 3L;
        String name = "derived"; // hides Base.name
        List<Object> items = new ArrayList<>(List.of(1, "two"));
    }

    /** A value usable as a map key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 4L;
        final String id;

        Key(String id) {
            this.id = id;
        }

        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).id.equals(id);
        }

        public int hashCode() {
            return id.hashCode();
        }
    }

    public static class Node implements Serializable {
        private static final long serialVersionUID = 5L;
        String name;
        Node left;
        Node right;

        Node(String name, Node left, Node right) {
            this.name = name;
            this.left = left;
            this.right = right;
        }
    }

    /** Custom writeObject data: an int in block data, then an object. */
    public static class Custom implements Serializable, JsonMapping.Expected {
        private static final long serialVersionUID = 6L;
        int kept = 5;

        private void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
            out.writeInt(7);
            out.writeObject("extra");
        }

        private void readObject(java.io.ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            in.readInt();
            in.readObject();
        }

        public String expectedJson() {
            return "{\"class\":\"FidelityValues$Custom\",\"fields\":{\"kept\":5},\"writeObject\":[{\"base64\":\"AAAABw==\"},\"extra\"]}";
        }
    }

    /** An Externalizable class of our own: RMI writes its data without block markers, so nobody but it can read it. */
    public static class Opaque implements Externalizable {
        private static final long serialVersionUID = 7L;
        int value = 0x01020304;
        String text = "private layout";

        public Opaque() {}

        public void writeExternal(ObjectOutput out) throws IOException {
            out.writeInt(value);
            out.writeUTF(text);
        }

        public void readExternal(ObjectInput in) throws IOException {
            value = in.readInt();
            text = in.readUTF();
        }
    }

    public enum Mood {
        HAPPY,
        GRUMPY {
            public String toString() {
                return "grumpy";
            }
        }
    }

    static Case echo(String name, Object value) {
        return new Case("echo", name, value);
    }

    static Case pair(String name, Object first, Object second) {
        return new Case("pair", name, first, second);
    }

    static String repeat(String s, int n) {
        return s.repeat(n);
    }

    static <K, V> Map<K, V> linked(Object... keysAndValues) {
        Map<K, V> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            K k = (K) keysAndValues[i];
            @SuppressWarnings("unchecked")
            V v = (V) keysAndValues[i + 1];
            m.put(k, v);
        }
        return m;
    }

    /** A tree of `levels` Object[2] arrays whose two elements are the same array one level down: 2^levels leaves. */
    static Object[] sharedPaths(int levels) {
        Object[] level = new Object[] {"leaf", 1};
        for (int i = 0; i < levels; i++)
            level = new Object[] {level, level};
        return level;
    }

    static int[] ints(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++)
            a[i] = i * 7 - 50000;
        return a;
    }

    static List<Case> strings() {
        List<Case> c = new ArrayList<>();
        c.add(echo("string empty", ""));
        c.add(echo("string ascii", "Hello, world"));
        StringBuilder controls = new StringBuilder();
        for (char ch = 0; ch < 0x20; ch++)
            controls.append(ch);
        c.add(echo("string controls", controls.toString() + "\u007f"));
        c.add(echo("string nul", "a\u0000b"));
        c.add(echo("string quotes and backslash", "\"q\" \\ / \\u0041"));
        c.add(echo("string latin1", "caf\u00e9 \u00ff"));
        c.add(echo("string bmp", "\u20ac \u4e2d\u6587 \u0939\u093f"));
        c.add(echo("string supplementary", "\uD83D\uDE00 \uD834\uDD1E"));
        c.add(echo("string lone high surrogate", "a\uD800b"));
        c.add(echo("string lone low surrogate", "a\uDC00b"));
        c.add(echo("string reversed pair", "\uDC00\uD800"));
        c.add(echo("string high surrogate at the end", "end\uDBFF"));
        c.add(echo("string bom first", "\uFEFFbom"));
        c.add(echo("string bom inside", "a\uFEFFb"));
        c.add(echo("string noncharacters", "\uFFFF\uFFFE\uFDD0"));
        c.add(echo("string line separators", "\u2028\u2029\u0085"));
        c.add(echo("string replacement character", "\uFFFD"));
        c.add(echo("string 65535 bytes", repeat("x", 65535)));
        c.add(echo("string 65536 bytes (long string)", repeat("x", 65536)));
        c.add(echo("string 70000 three-byte chars", repeat("\u20ac", 70000)));
        c.add(echo("string of nuls", repeat("\u0000", 1000)));
        c.add(echo("string of lone surrogates", repeat("\uD800", 300)));
        c.add(echo("string json-like", "{\"map\":[1]}"));
        c.add(echo("string NaN", "NaN"));
        c.add(echo("string number", "1.0"));
        c.add(new Case("echoChar", "char a", 'a'));
        c.add(new Case("echoChar", "char nul", '\u0000'));
        c.add(new Case("echoChar", "char lone surrogate", '\uDC00'));
        c.add(new Case("echoChar", "char max", '\uFFFF'));
        c.add(echo("Character lone surrogate", Character.valueOf('\uD800')));
        c.add(echo("Character e acute", Character.valueOf('\u00e9')));
        return c;
    }

    static List<Case> numbers() {
        List<Case> c = new ArrayList<>();
        for (int v : new int[] {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            c.add(echo("Integer " + v, v));
            c.add(new Case("echoInt", "int " + v, v));
        }
        for (long v : new long[] {0L, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 53, (1L << 53) + 1}) {
            c.add(echo("Long " + v, v));
            c.add(new Case("echoLong", "long " + v, v));
        }
        for (short v : new short[] {Short.MIN_VALUE, Short.MAX_VALUE}) {
            c.add(echo("Short " + v, v));
            c.add(new Case("echoShort", "short " + v, v));
        }
        for (byte v : new byte[] {Byte.MIN_VALUE, Byte.MAX_VALUE, 0}) {
            c.add(echo("Byte " + v, v));
            c.add(new Case("echoByte", "byte " + v, v));
        }
        c.add(echo("Boolean true", true));
        c.add(new Case("echoBoolean", "boolean false", false));
        float[] floats = {0.0f, -0.0f, 1.0f, -1.0f, 0.1f, 0.5f, 1.5f, 100.0f, 16777216.0f, 1e10f, 3.4028235e38f,
                1.17549435e-38f, 1.4e-45f, 123456.79f, 1.0e-10f, 2.5e-5f, 0.001f, 0.0001f, Float.NaN,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, (float) Math.PI, 9.999999e-5f, 7.0e22f};
        for (float v : floats) {
            c.add(echo("Float " + v, v));
            c.add(new Case("echoFloat", "float " + v, v));
        }
        double[] doubles = {0.0, -0.0, 1.0, -1.0, 0.1, 0.2 + 0.1, 1.5, 100.0, 1e15, 1e16, 1e17, 1e21, 1e22, 1e23,
                123456789012345680.0, 9007199254740993.0, Double.MAX_VALUE, Double.MIN_NORMAL, Double.MIN_VALUE,
                1.5e-323, 2.2250738585072009e-308, 1e-5, 1e-7, 0.001, 0.0001, 7e-322, Math.PI, Math.E, 1.0 / 3,
                2.0 / 3, 1e300, -1e-300, 12345.6789, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, (double) 0.1f, 4.35, 0.3, 2.5e-5, -1.7976931348623157e308};
        for (double v : doubles) {
            c.add(echo("Double " + v, v));
            c.add(new Case("echoDouble", "double " + v, v));
        }
        c.add(echo("Double NaN with payload", Double.longBitsToDouble(0x7ff8000000000123L)));
        return c;
    }

    static List<Case> bigNumbers() {
        List<Case> c = new ArrayList<>();
        BigInteger[] ints = {BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE.negate(), BigInteger.TWO.pow(63),
                BigInteger.TWO.pow(63).negate().subtract(BigInteger.ONE), BigInteger.TWO.pow(64),
                BigInteger.TEN.pow(100), BigInteger.TEN.pow(1000).negate(), BigInteger.TWO.pow(8 * 5000).subtract(BigInteger.ONE),
                BigInteger.TWO.pow(8 * 60000).add(BigInteger.valueOf(12345))};
        for (int i = 0; i < ints.length; i++)
            c.add(echo("BigInteger #" + i + " (" + ints[i].bitLength() + " bits)", ints[i]));
        String[] decimals = {"0", "0.00", "1E+3", "-12.345", "1E-10", "0.000001", "0.0000001", "-0.00001234",
                "123456789.123456789", "1.0", "100", "1E+100", "9.999999999999999999999999999999E-7"};
        for (String d : decimals)
            c.add(echo("BigDecimal " + d, new BigDecimal(d)));
        c.add(echo("BigDecimal scale -100", new BigDecimal(BigInteger.valueOf(42), -100)));
        c.add(echo("BigDecimal scale max", new BigDecimal(BigInteger.valueOf(7), Integer.MAX_VALUE)));
        c.add(echo("BigDecimal scale min", new BigDecimal(BigInteger.valueOf(-7), Integer.MIN_VALUE)));
        c.add(echo("BigInteger over the budget of digits", BigInteger.TWO.pow(8 * 70000).negate()));
        c.add(echo("BigDecimal 6000-byte unscaled",
                new BigDecimal(BigInteger.TWO.pow(8 * 6000).add(BigInteger.ONE), 20)));
        return c;
    }

    static List<Date> dates() {
        return List.of(new Date(0), new Date(1700000000123L), new Date(-1), new Date(253402300799999L),
                new Date(253402300800000L), new Date(-62135596800000L), new Date(-62135596800001L),
                new Date(-62167219200000L), new Date(-62198755200001L), new Date(Long.MAX_VALUE),
                new Date(Long.MIN_VALUE));
    }

    static List<Object> javaTime() {
        List<Object> t = new ArrayList<>();
        t.add(Instant.EPOCH);
        t.add(Instant.ofEpochSecond(1700000000L, 123456789));
        t.add(Instant.ofEpochSecond(1700000000L, 123000000));
        t.add(Instant.ofEpochSecond(1700000000L, 123456000));
        t.add(Instant.ofEpochSecond(-1, 1));
        t.add(Instant.MIN);
        t.add(Instant.MAX);
        t.add(Instant.parse("-0001-06-01T12:00:00Z"));
        t.add(Instant.parse("+10000-01-01T00:00:00Z"));
        t.add(Instant.parse("-10001-01-01T00:00:00Z"));
        t.add(LocalDate.of(2024, 2, 29));
        t.add(LocalDate.MIN);
        t.add(LocalDate.MAX);
        t.add(LocalDate.of(-44, 3, 15));
        t.add(LocalTime.of(10, 0));
        t.add(LocalTime.of(10, 15));
        t.add(LocalTime.of(10, 15, 30));
        t.add(LocalTime.of(10, 15, 30, 1));
        t.add(LocalTime.of(10, 15, 30, 500000000));
        t.add(LocalTime.MIDNIGHT);
        t.add(LocalTime.MAX);
        t.add(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6));
        t.add(LocalDateTime.of(2024, 1, 2, 0, 0));
        t.add(ZonedDateTime.of(2024, 1, 2, 3, 4, 5, 6, ZoneId.of("Europe/Paris")));
        t.add(ZonedDateTime.of(2024, 7, 2, 3, 4, 5, 0, ZoneId.of("America/New_York")));
        t.add(ZonedDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC));
        t.add(ZonedDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneId.of("UTC")));
        t.add(ZonedDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHoursMinutesSeconds(1, 2, 3)));
        t.add(OffsetTime.of(10, 15, 0, 0, ZoneOffset.ofHoursMinutes(5, 30)));
        t.add(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(-8)));
        t.add(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofTotalSeconds(-(18 * 3600))));
        t.add(ZoneOffset.UTC);
        t.add(ZoneOffset.of("-08:00"));
        t.add(ZoneOffset.ofHoursMinutesSeconds(-1, -2, -3));
        t.add(ZoneId.of("Europe/Paris"));
        t.add(Year.of(2024));
        t.add(Year.of(-5));
        t.add(YearMonth.of(2024, 1));
        t.add(YearMonth.of(12345, 6));
        t.add(YearMonth.of(-1, 12));
        t.add(MonthDay.of(12, 3));
        t.add(Duration.ZERO);
        t.add(Duration.ofMillis(1500));
        t.add(Duration.ofNanos(-1));
        t.add(Duration.ofSeconds(-1, 500));
        t.add(Duration.ofHours(25).plusMinutes(3));
        t.add(Duration.ofSeconds(Long.MAX_VALUE, 999999999));
        t.add(Duration.ofSeconds(Long.MIN_VALUE));
        t.add(Period.ZERO);
        t.add(Period.of(1, 2, 3));
        t.add(Period.ofDays(-5));
        return t;
    }

    static List<Case> datesAndTimes() {
        List<Case> c = new ArrayList<>();
        for (Date d : dates())
            c.add(echo("Date " + d.getTime(), d));
        int i = 0;
        for (Object t : javaTime())
            c.add(echo("time #" + i++ + " " + t.getClass().getSimpleName() + " " + t, t));
        c.add(pair("pair(Instant, \"after\")", Instant.ofEpochSecond(1700000000L, 123456789), "after"));
        c.add(pair("pair(ZonedDateTime, Duration)", ZonedDateTime.of(2024, 1, 2, 3, 4, 5, 6, ZoneId.of("Europe/Paris")),
                Duration.ofMillis(1500)));
        c.add(echo("list of java.time values", new ArrayList<>(javaTime())));
        Map<String, Object> byName = new LinkedHashMap<>();
        byName.put("when", Instant.EPOCH);
        byName.put("day", LocalDate.of(2024, 2, 29));
        c.add(echo("map of java.time values", byName));
        return c;
    }

    static List<Case> arrays() {
        List<Case> c = new ArrayList<>();
        c.add(echo("int[100000]", ints(100000)));
        c.add(pair("pair(int[100000], long[3000])", ints(100000), new long[3000]));
        c.add(echo("int[0]", new int[0]));
        c.add(echo("int[] edges", new int[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}));
        c.add(echo("long[] edges", new long[] {Long.MIN_VALUE, Long.MAX_VALUE}));
        c.add(echo("short[]", new short[] {Short.MIN_VALUE, 0, Short.MAX_VALUE}));
        byte[] bytes = new byte[256];
        for (int i = 0; i < 256; i++)
            bytes[i] = (byte) i;
        c.add(echo("byte[256]", bytes));
        c.add(echo("byte[0]", new byte[0]));
        c.add(echo("char[] with a lone surrogate", new char[] {'h', '\uD800', 'i'}));
        c.add(echo("boolean[]", new boolean[] {true, false, true}));
        c.add(echo("float[] specials", new float[] {-0.0f, 1.0f, 0.1f, Float.NaN, Float.NEGATIVE_INFINITY}));
        c.add(echo("double[] specials", new double[] {-0.0, 1.0, 0.1, Double.NaN, Double.POSITIVE_INFINITY, 1e300}));
        c.add(echo("int[][]", new int[][] {{1}, {}, {2, 3}, null}));
        c.add(echo("String[] with nulls", new String[] {"a", null, "a", ""}));
        c.add(echo("Object[] mixed", new Object[] {1, 1L, 1.0, 1.0f, "1", '1', true, null, new int[] {1}}));
        c.add(echo("Object[0]", new Object[0]));
        c.add(echo("Object[] nested", new Object[] {new Object[] {new Object[] {"deep"}}}));
        return c;
    }

    static List<Case> collections() {
        List<Case> c = new ArrayList<>();
        c.add(echo("ArrayList mixed", new ArrayList<>(Arrays.asList("a", 1, 2.5, null, List.of("inner")))));
        c.add(echo("LinkedList", new LinkedList<>(List.of(1, 2, 3))));
        c.add(echo("HashSet", new HashSet<>(List.of("a", "b", "c"))));
        c.add(echo("LinkedHashSet", new LinkedHashSet<>(List.of("z", "y", "x"))));
        c.add(echo("TreeSet", new TreeSet<>(List.of("b", "a", "c"))));
        c.add(echo("ArrayDeque", new ArrayDeque<>(List.of(3, 2, 1))));
        c.add(echo("Vector", new Vector<>(List.of("v1", "v2"))));
        Stack<String> stack = new Stack<>();
        stack.push("bottom");
        stack.push("top");
        c.add(echo("Stack", stack));
        c.add(echo("CopyOnWriteArrayList", new CopyOnWriteArrayList<>(List.of("cow"))));
        c.add(echo("List.of", List.of("im1", "im2", "im3")));
        c.add(echo("Set.of one", Set.of("only")));
        c.add(echo("Arrays.asList", Arrays.asList("p", "q")));
        c.add(echo("unmodifiableList", Collections.unmodifiableList(new ArrayList<>(List.of("u")))));
        c.add(echo("singletonList", Collections.singletonList("s")));
        c.add(echo("emptyList", Collections.emptyList()));
        c.add(echo("EnumSet", EnumSet.of(TimeUnit.SECONDS, TimeUnit.DAYS)));
        c.add(echo("PriorityQueue", new PriorityQueue<>(List.of(5, 1, 3))));
        c.add(echo("empty ArrayList", new ArrayList<>()));
        return c;
    }

    static List<Case> maps() {
        List<Case> c = new ArrayList<>();
        c.add(echo("HashMap string keys", new HashMap<>(Map.of("a", 1, "b", 2))));
        c.add(echo("LinkedHashMap order", linked("k2", "v2", "k1", "v1")));
        c.add(echo("TreeMap", new TreeMap<>(Map.of("b", 2L, "a", 1L))));
        Hashtable<String, Boolean> table = new Hashtable<>();
        table.put("t", true);
        c.add(echo("Hashtable", table));
        c.add(echo("ConcurrentHashMap", new ConcurrentHashMap<>(Map.of("c", "h"))));
        c.add(echo("Map.of one", Map.of("mk", "mv")));
        c.add(echo("emptyMap", Collections.emptyMap()));
        c.add(echo("singletonMap", Collections.singletonMap("one", 1)));
        c.add(echo("unmodifiableMap", Collections.unmodifiableMap(linked("u", 1))));
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put(null, "null key");
        nullKey.put("a", "string key");
        c.add(echo("HashMap with a null key", nullKey));
        c.add(echo("map with a null value", linked("k", null)));
        c.add(echo("keys 1, \"1\", 1L", linked(1, "int", "1", "string", 1L, "long")));
        c.add(echo("keys 1.0 and 1.0f", linked(1.0, "double", 1.0f, "float")));
        c.add(echo("Integer keys", new TreeMap<>(Map.of(3, "c", 1, "a", 2, "b"))));
        EnumMap<TimeUnit, String> enumKeys = new EnumMap<>(TimeUnit.class);
        enumKeys.put(TimeUnit.SECONDS, "s");
        enumKeys.put(TimeUnit.DAYS, "d");
        c.add(echo("EnumMap", enumKeys));
        c.add(echo("object keys", linked(new Key("k1"), "first", new Key("k2"), "second")));
        c.add(echo("list keys", linked(List.of(1, 2), "list")));
        c.add(echo("Date key", linked(new Date(0), "epoch")));
        c.add(echo("300-character key", linked(repeat("k", 300), "long")));
        c.add(echo("key named map alone", linked("map", 1)));
        c.add(echo("key named double alone", linked("double", 2)));
        c.add(echo("key named map with another", linked("map", 1, "other", 2)));
        c.add(echo("empty-string key", linked("", "empty")));
        c.add(echo("key with a lone surrogate", linked("\uD800", 1)));
        c.add(echo("nested maps", linked("outer", linked(1, linked(null, "deep")))));
        return c;
    }

    static List<Case> objects() {
        List<Case> c = new ArrayList<>();
        c.add(echo("null", null));
        c.add(echo("Point (every field type)", new Point()));
        c.add(echo("Derived (hidden field)", new Derived()));
        c.add(echo("custom writeObject data", new Custom()));
        c.add(echo("enum", TimeUnit.SECONDS));
        c.add(echo("enum with a body", Mood.GRUMPY));
        c.add(echo("Class String", String.class));
        c.add(echo("Class int[]", int[].class));
        c.add(echo("UUID", new UUID(0x0123456789abcdefL, 0xfedcba9876543210L)));
        c.add(echo("Externalizable of our own", new Opaque()));
        c.add(pair("pair(Externalizable of our own, \"after\")", new Opaque(), "after"));
        return c;
    }

    static List<Case> graphs() {
        List<Case> c = new ArrayList<>();
        Point p = new Point();
        c.add(echo("same object twice in a list", new ArrayList<>(List.of(p, p))));
        c.add(pair("same object in both arguments", p, p));
        String s = "shared string";
        c.add(echo("shared string", new Object[] {s, s, s}));
        Date d = new Date(1700000000123L);
        c.add(echo("shared Date", new Object[] {d, d}));
        c.add(echo("shared java.time value", new Object[] {Instant.EPOCH, Instant.EPOCH}));
        c.add(echo("2^16 shared paths", sharedPaths(16)));
        Node leaf = new Node("leaf", null, null);
        Node mid = new Node("mid", leaf, leaf);
        c.add(echo("diamond of nodes", new Node("top", mid, mid)));
        int[] shared = ints(1000);
        c.add(echo("shared int[1000] ten times", Collections.nCopies(10, shared).toArray()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("x", p);
        m.put("y", p);
        c.add(echo("shared object as map values", m));
        return c;
    }

    public static List<Case> all() {
        List<Case> c = new ArrayList<>();
        c.addAll(strings());
        c.addAll(numbers());
        c.addAll(bigNumbers());
        c.addAll(datesAndTimes());
        c.addAll(arrays());
        c.addAll(collections());
        c.addAll(maps());
        c.addAll(objects());
        c.addAll(graphs());
        return c;
    }

    /** The golden capture: one call for each value the decoder once lost, retyped or cut silently. */
    public static List<Case> golden() {
        List<Case> c = new ArrayList<>();
        c.add(echo("BigInteger of 5000 bytes", BigInteger.TWO.pow(8 * 5000).subtract(BigInteger.ONE)));
        c.add(echo("BigDecimal with a 5000-byte unscaled value",
                new BigDecimal(BigInteger.TWO.pow(8 * 5000).add(BigInteger.ONE), 20)));
        c.add(echo("BigDecimal 1E+3", new BigDecimal("1E+3")));
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put(null, "null key");
        nullKey.put("a", "string key");
        c.add(echo("HashMap with a null key", nullKey));
        c.add(echo("keys 1, \"1\", 1L", linked(1, "int", "1", "string", 1L, "long")));
        EnumMap<TimeUnit, String> enumKeys = new EnumMap<>(TimeUnit.class);
        enumKeys.put(TimeUnit.SECONDS, "s");
        c.add(echo("EnumMap", enumKeys));
        c.add(echo("300-character key", linked(repeat("k", 300), "long")));
        int[] zeros = new int[30000];
        c.add(pair("pair(int[30000], int[2000])", zeros, new int[2000]));
        c.add(echo("2^12 shared paths", sharedPaths(12)));
        c.add(pair("pair(Instant, \"after\")", Instant.ofEpochSecond(1700000000L, 123456789), "after"));
        c.add(echo("java.time values", new ArrayList<>(javaTime())));
        c.add(pair("pair(Externalizable of our own, \"after\")", new Opaque(), "after"));
        c.add(echo("Dates outside years 1-9999", new ArrayList<>(dates())));
        c.add(echo("floats", new ArrayList<>(List.of(1.0f, -0.0f, 0.1f, Float.NaN, Float.NEGATIVE_INFINITY, 3.4028235e38f))));
        c.add(echo("doubles", new ArrayList<>(List.of(1.0, -0.0, 0.1, Double.NaN, Double.POSITIVE_INFINITY, 1e300, 5e-324))));
        c.add(new Case("echoFloat", "float 1.0", 1.0f));
        c.add(new Case("echoDouble", "double NaN", Double.NaN));
        c.add(echo("strings with lone surrogates", new ArrayList<>(List.of("a\uD800b", "\uDC00", "\uDC00\uD800", "\uD83D\uDE00", "\uFEFFbom"))));
        c.add(new Case("echoChar", "char lone surrogate", '\uDC00'));
        return c;
    }
}
