import io.overlap.spi.Availability;
import io.overlap.spi.IoBackend;
import java.util.ServiceLoader;

/**
 * Says whether the named backend can run on this machine, with its own reason when it cannot:
 * run by {@code scripts/backend-check.sh} (Java's single-file source launcher) before the test
 * command runs the suite on that backend. Exit 0: available; 1: not; 2: not installed.
 */
public final class BackendCheck {
    public static void main(String[] args) {
        String name = args[0];
        for (IoBackend b : ServiceLoader.load(IoBackend.class)) {
            if (b.name().equalsIgnoreCase(name)) {
                Availability a = b.availability();
                System.out.println(a.isAvailable() ? "available" : "unavailable: " + a.reason());
                System.exit(a.isAvailable() ? 0 : 1);
            }
        }
        System.out.println("not installed: no backend named " + name + " on the class path");
        System.exit(2);
    }
}
