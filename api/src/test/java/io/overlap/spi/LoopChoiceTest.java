package io.overlap.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoopChoiceTest {
    private final Set<String> dead = new HashSet<>();
    private final LoopChoice<String> choice = new LoopChoice<>(List.of("a", "b", "c"), dead::contains);

    @Test
    void newHandlesGoToTheThreadsInTurn() {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            got.add(choice.next());
        }
        assertEquals(List.of("a", "b", "c", "a", "b", "c"), got);
    }

    @Test
    void aDeadThreadIsNeverChosenAgain() {
        dead.add("b");
        for (int i = 0; i < 9; i++) {
            String l = choice.next();
            assertEquals(true, l.equals("a") || l.equals("c"), l);
        }
        for (long key = -50; key < 50; key++) {
            assertEquals(true, !choice.byKey(key).equals("b"), "key " + key);
        }
    }

    @Test
    void aKeyPicksTheSameThreadEveryTimeAndNegativeKeysWork() {
        for (long key : new long[] {0, 1, 2, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 32, 12345678901L}) {
            assertEquals(choice.byKey(key), choice.byKey(key));
        }
        assertEquals("a", choice.byKey(0));
        assertEquals("b", choice.byKey(1));
        dead.add("b");
        assertEquals("c", choice.byKey(1), "the first live one from the one the key picks");
    }

    @Test
    void noneIsChosenWhenEveryThreadDied() {
        dead.addAll(List.of("a", "b", "c"));
        assertNull(choice.next());
        assertNull(choice.byKey(7));
    }

    @Test
    void aChoiceNeedsAThread() {
        assertThrows(IllegalArgumentException.class, () -> new LoopChoice<String>(List.of(), s -> false));
    }
}
