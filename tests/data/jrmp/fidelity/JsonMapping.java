import java.io.Externalizable;
import java.io.ObjectStreamClass;
import java.io.ObjectStreamField;
import java.io.Serializable;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.*;
import java.time.format.DateTimeFormatter;
import java.util.*;

/**
 * Writes a Java value the way RpcScope's JSON shows it (HACKING.md, "Values in JSON, and what was cut", and
 * core/jrmp/javavalues.h for what each Java class becomes), written independently of RpcScope's code: this is what
 * the interop test compares RpcScope's decoding with, character for character.
 *
 * Doubles are the shortest decimal that reads back as the same double, laid out as Python's repr (fixed notation for
 * exponents -4 to 15, else scientific with at least two exponent digits), with ".0" added to whole numbers; floats
 * the same at float precision.
 * A value RpcScope cannot show as sent prints a marker instead: "@opaque:CLASS" for an Externalizable class of our
 * own (its data cannot be delimited), "@over-budget:java.math.BigInteger" for a BigInteger beyond the digits budget.
 */
public final class JsonMapping {
    private JsonMapping() {}

    /** Classes whose custom writeObject data RpcScope shows as it is: they say what that looks like. */
    public interface Expected {
        String expectedJson();
    }

    /** RpcScope writes the digits of up to 64 KiB of BigInteger magnitude per message (the conversion is quadratic). */
    private static final int BIG_INTEGER_DIGITS_BYTES = 64 * 1024;

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public static String json(Object v) {
        StringBuilder out = new StringBuilder();
        write(v, out);
        return out.toString();
    }

    public static String floatText(float f) {
        if (Float.isNaN(f) || Float.isInfinite(f))
            return nonFinite(f);
        if (f == 0)
            return (Float.floatToRawIntBits(f) < 0 ? "-" : "") + "0.0";
        BigDecimal exact = new BigDecimal(f);
        return pointed(shortest(exact, 9, d -> d.floatValue() == f), f < 0);
    }

    public static String doubleText(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d))
            return nonFinite(d);
        if (d == 0)
            return (Double.doubleToRawLongBits(d) < 0 ? "-" : "") + "0.0";
        BigDecimal exact = new BigDecimal(d);
        return pointed(shortest(exact, 17, x -> x.doubleValue() == d), d < 0);
    }

    private static String nonFinite(double d) {
        return "{\"double\":\"" + (Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity") + "\"}";
    }

    interface RoundTrip {
        boolean test(BigDecimal candidate);
    }

    // The fewest significant digits that read back as the value; of two candidates, the one nearer the exact value.
    private static BigDecimal shortest(BigDecimal exact, int maxDigits, RoundTrip roundTrips) {
        for (int p = 1; p <= maxDigits + 1; p++) {
            BigDecimal down = exact.round(new MathContext(p, RoundingMode.DOWN));
            BigDecimal up = exact.round(new MathContext(p, RoundingMode.UP));
            boolean downOk = roundTrips.test(down);
            boolean upOk = roundTrips.test(up);
            if (downOk && upOk) {
                int cmp = exact.subtract(down).abs().compareTo(up.subtract(exact).abs());
                return cmp < 0 ? down : cmp > 0 ? up : exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            }
            if (downOk)
                return down;
            if (upOk)
                return up;
        }
        return exact;
    }

    // Python's repr layout: fixed for exponents -4..15, else scientific with at least two exponent digits.
    private static String pointed(BigDecimal value, boolean negative) {
        BigDecimal v = value.stripTrailingZeros();
        String digits = v.unscaledValue().abs().toString();
        int e = digits.length() - 1 - v.scale();
        String fixed;
        if (e >= digits.length() - 1)
            fixed = digits + "0".repeat(e - digits.length() + 1);
        else if (e >= 0)
            fixed = digits.substring(0, e + 1) + "." + digits.substring(e + 1);
        else
            fixed = "0." + "0".repeat(-e - 1) + digits;
        int abs = Math.abs(e);
        String sci = digits.charAt(0) + (digits.length() > 1 ? "." + digits.substring(1) : "") + "e"
                + (e < 0 ? "-" : "+") + (abs < 10 ? "0" : "") + abs;
        String text = e >= -4 && e < 16 ? fixed : sci;
        if (text.indexOf('.') < 0 && text.indexOf('e') < 0)
            text += ".0";
        return (negative ? "-" : "") + text;
    }

    public static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"')
                out.append("\\\"");
            else if (c == '\\')
                out.append("\\\\");
            else if (c == '\n')
                out.append("\\n");
            else if (c == '\r')
                out.append("\\r");
            else if (c == '\t')
                out.append("\\t");
            else if (c < 0x20)
                out.append(String.format("\\u%04x", (int) c));
            else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
                out.append(c).append(s.charAt(++i));
            else if (Character.isSurrogate(c))
                out.append(String.format("\\u%04x", (int) c)); // a lone surrogate: JSON's escape carries it
            else
                out.append(c);
        }
        out.append('"');
    }

    private static void tagged(String tag, String text, StringBuilder out) {
        out.append("{\"").append(tag).append("\":");
        string(text, out);
        out.append('}');
    }

    private static boolean isTagName(String name) {
        return name.equals("map") || name.equals("double") || name.equals("decimal") || name.equals("base64")
                || name.equals("datetime");
    }

    static void write(Object v, StringBuilder out) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String) {
            string((String) v, out);
        } else if (v instanceof BigInteger && (((BigInteger) v).abs().bitLength() + 7) / 8 > BIG_INTEGER_DIGITS_BYTES) {
            out.append("@over-budget:java.math.BigInteger");
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short
                || v instanceof Byte || v instanceof BigInteger) {
            out.append(v);
        } else if (v instanceof Float) {
            out.append(floatText((Float) v));
        } else if (v instanceof Double) {
            out.append(doubleText((Double) v));
        } else if (v instanceof Character) {
            string(String.valueOf((char) (Character) v), out);
        } else if (v instanceof BigDecimal) {
            tagged("decimal", v.toString(), out);
        } else if (v instanceof Date) {
            tagged("datetime", DATE.format(((Date) v).toInstant()), out);
        } else if (v instanceof Instant || v instanceof LocalDate || v instanceof LocalTime
                || v instanceof LocalDateTime || v instanceof OffsetTime || v instanceof OffsetDateTime
                || v instanceof ZonedDateTime || v instanceof YearMonth || v instanceof MonthDay) {
            tagged("datetime", v.toString(), out);
        } else if (v instanceof Year) {
            out.append(((Year) v).getValue());
        } else if (v instanceof Duration || v instanceof Period || v instanceof ZoneId || v instanceof UUID) {
            string(v.toString(), out);
        } else if (v instanceof Enum) {
            string(((Enum<?>) v).name(), out);
        } else if (v instanceof Class) {
            string("class " + ((Class<?>) v).getTypeName(), out);
        } else if (v instanceof byte[]) {
            tagged("base64", Base64.getEncoder().encodeToString((byte[]) v), out);
        } else if (v instanceof char[]) {
            string(new String((char[]) v), out);
        } else if (v.getClass().isArray()) {
            out.append('[');
            for (int i = 0; i < Array.getLength(v); i++) {
                if (i > 0)
                    out.append(',');
                write(Array.get(v, i), out);
            }
            out.append(']');
        } else if (v instanceof Collection) {
            out.append('[');
            boolean first = true;
            for (Object e : (Collection<?>) v) {
                if (!first)
                    out.append(',');
                first = false;
                write(e, out);
            }
            out.append(']');
        } else if (v instanceof Map) {
            map((Map<?, ?>) v, out);
        } else if (v instanceof Expected) {
            out.append(((Expected) v).expectedJson());
        } else if (v instanceof Externalizable) {
            out.append("@opaque:").append(v.getClass().getName());
        } else if (v instanceof Serializable) {
            object(v, out);
        } else {
            throw new IllegalArgumentException("no JSON mapping for " + v.getClass());
        }
    }

    private static void map(Map<?, ?> m, StringBuilder out) {
        Set<String> names = new HashSet<>();
        boolean struct = true;
        for (Object k : m.keySet())
            struct = struct && k instanceof String && names.add((String) k);
        if (struct && !(m.size() == 1 && isTagName((String) m.keySet().iterator().next()))) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first)
                    out.append(',');
                first = false;
                string((String) e.getKey(), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
            return;
        }
        out.append("{\"map\":[");
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!first)
                out.append(',');
            first = false;
            out.append('[');
            write(e.getKey(), out);
            out.append(',');
            write(e.getValue(), out);
            out.append(']');
        }
        out.append("]}");
    }

    // {"class": name, "fields": {...}}: the serializable fields of the class chain, superclass first, each class's
    // fields in the order serialization writes them; a name seen before is qualified with the class's simple name.
    private static void object(Object v, StringBuilder out) {
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> c = v.getClass(); c != null && Serializable.class.isAssignableFrom(c); c = c.getSuperclass())
            chain.add(0, c);
        out.append("{\"class\":");
        string(v.getClass().getName(), out);
        out.append(",\"fields\":{");
        Set<String> seen = new HashSet<>();
        boolean first = true;
        for (Class<?> c : chain) {
            ObjectStreamClass desc = ObjectStreamClass.lookup(c);
            for (ObjectStreamField f : desc.getFields()) {
                String name = f.getName();
                if (!seen.add(name)) {
                    String cls = c.getName();
                    name = cls.substring(cls.lastIndexOf('.') + 1) + "." + name;
                }
                if (!first)
                    out.append(',');
                first = false;
                string(name, out);
                out.append(':');
                write(fieldValue(c, f.getName(), v), out);
            }
        }
        out.append("}}");
    }

    private static Object fieldValue(Class<?> c, String name, Object v) {
        try {
            Field f = c.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(v);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
