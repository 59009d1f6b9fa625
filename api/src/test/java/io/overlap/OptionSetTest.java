package io.overlap;

import static java.net.StandardSocketOptions.SO_LINGER;
import static java.net.StandardSocketOptions.SO_RCVBUF;
import static java.net.StandardSocketOptions.SO_REUSEADDR;
import static java.net.StandardSocketOptions.TCP_NODELAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketOption;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OptionSetTest {
    @Test
    void withMakesANewSetInFirstAddedOrderAndLeavesTheOldOneAlone() {
        OptionSet a = OptionSet.of(SO_RCVBUF, 1000);
        OptionSet b = a.with(TCP_NODELAY, false).with(SO_RCVBUF, 2000);
        assertEquals(List.of(SO_RCVBUF), List.copyOf(a.options()));
        assertEquals(Optional.of(1000), a.get(SO_RCVBUF));
        assertEquals(List.<SocketOption<?>>of(SO_RCVBUF, TCP_NODELAY), List.copyOf(b.options()));
        assertEquals(Optional.of(2000), b.get(SO_RCVBUF), "a second value replaces the first in place");
        assertThrows(UnsupportedOperationException.class, () -> b.options().clear());
    }

    @Test
    void withAllLetsTheLaterSetWin() {
        OptionSet defaults = OptionSet.of(SO_REUSEADDR, true).with(TCP_NODELAY, true);
        OptionSet merged = defaults.withAll(OptionSet.of(TCP_NODELAY, false).with(SO_LINGER, 2));
        assertEquals(Optional.of(true), merged.get(SO_REUSEADDR));
        assertEquals(Optional.of(false), merged.get(TCP_NODELAY));
        assertEquals(Optional.of(2), merged.get(SO_LINGER));
        assertEquals(defaults, defaults.withAll(OptionSet.empty()));
    }

    @Test
    void valuesAreCheckedAsTheyAreAdded() {
        assertThrows(IllegalArgumentException.class, () -> OptionSet.of(SO_RCVBUF, 0));
        assertThrows(IllegalArgumentException.class, () -> OptionSet.of(SO_LINGER, 65_536));
        assertThrows(IllegalArgumentException.class, () -> OptionSet.of(TCP_NODELAY, null));
        assertThrows(NullPointerException.class, () -> OptionSet.of(null, 1));
        assertEquals(Optional.of(-1), OptionSet.of(SO_LINGER, -30).get(SO_LINGER), "any negative linger is off: -1");
        assertTrue(OptionSet.empty().isEmpty());
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aValueOfTheWrongTypeIsRefused() {
        SocketOption raw = SO_RCVBUF;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OptionSet.of(raw, "big"));
        assertTrue(e.getMessage().contains("SO_RCVBUF") && e.getMessage().contains("Integer"), e.getMessage());
    }
}
