import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.rmi.registry.LocateRegistry;
import java.util.List;

/**
 * The fidelity peer's client: looks "echo" up in the registry on REGISTRY_PORT and makes one call per case of
 * FidelityValues (`all` or `golden`), printing what came back as `name TAB result TAB json` (RpcScope's JSON
 * mapping), then "done".
 * Usage: java EchoClient REGISTRY_PORT all|golden
 */
public class EchoClient {
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        int registryPort = Integer.parseInt(args[0]);
        List<FidelityValues.Case> cases = args[1].equals("golden") ? FidelityValues.golden() : FidelityValues.all();
        Echo echo = (Echo) LocateRegistry.getRegistry("127.0.0.1", registryPort).lookup("echo");
        for (FidelityValues.Case c : cases) {
            Object[] a = c.args;
            Object result;
            switch (c.method) {
            case "echo": result = echo.echo(c.name, a[0]); break;
            case "pair": result = echo.pair(c.name, a[0], a[1]); break;
            case "echoInt": result = echo.echoInt(c.name, (Integer) a[0]); break;
            case "echoLong": result = echo.echoLong(c.name, (Long) a[0]); break;
            case "echoShort": result = echo.echoShort(c.name, (Short) a[0]); break;
            case "echoByte": result = echo.echoByte(c.name, (Byte) a[0]); break;
            case "echoChar": result = echo.echoChar(c.name, (Character) a[0]); break;
            case "echoBoolean": result = echo.echoBoolean(c.name, (Boolean) a[0]); break;
            case "echoFloat": result = echo.echoFloat(c.name, (Float) a[0]); break;
            case "echoDouble": result = echo.echoDouble(c.name, (Double) a[0]); break;
            default: throw new IllegalArgumentException(c.method);
            }
            out.println(c.name + "\tresult\t" + JsonMapping.json(result));
        }
        out.println("done " + cases.size());
    }
}
