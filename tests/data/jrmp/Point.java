import java.io.Serializable;

/** A small Serializable value class, passed as an argument and returned. */
public class Point implements Serializable {
    private static final long serialVersionUID = 42L;
    public final int x;
    public final int y;
    public final String label;

    public Point(int x, int y, String label) {
        this.x = x;
        this.y = y;
        this.label = label;
    }
}
