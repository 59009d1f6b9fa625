package io.overlap.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noCommandPrintsTheUsageAsAnError() {
        assertEquals(Main.USAGE_ERROR, run());
        assertTrue(err().contains("commands:") && err().contains("demo") && err().contains("load"), err());
    }

    @Test
    void anUnknownCommandIsNamed() {
        assertEquals(Main.USAGE_ERROR, run("serve"));
        assertTrue(err().startsWith("overlap-examples: unknown command 'serve'"), err());
    }

    @Test
    void aBadOptionIsNamedWithTheCommandsUsage() {
        assertEquals(Main.USAGE_ERROR, run("echo", "--recv-size", "lots"));
        assertTrue(err().contains("--recv-size must be a size like 64, 16k or 1m, was 'lots'"), err());
        assertTrue(err().contains("--threads N"), err());
    }

    @Test
    void echoChecksItsReceiveOptions() {
        assertEquals(Main.USAGE_ERROR, run("echo", "--recv", "borrowed"));
        assertTrue(err().contains("--recv must be pooled or caller, was 'borrowed'"), err());
        assertEquals(Main.USAGE_ERROR, run("echo", "--pool-buffers", "100000", "--recv-size", "16m"));
        assertTrue(err().contains("may not exceed 1 GiB"), err());
    }

    @Test
    void loadRefusesMoreBufferMemoryThanItAllows() {
        assertEquals(Main.USAGE_ERROR, run("load", "--conns", "100000", "--size", "1m", "--depth", "16"));
        assertTrue(err().contains("more than 1 GiB"), err());
    }

    @Test
    void helpGoesToStdoutAndSucceeds() {
        assertEquals(0, run("chat", "--help"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("--max-line BYTES") && text.contains("(default 11111)"), text);
        assertEquals(0, run("--help"));
    }
}
