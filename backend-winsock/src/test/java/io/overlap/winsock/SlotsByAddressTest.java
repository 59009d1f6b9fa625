package io.overlap.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SlotsByAddressTest {
    @Test
    void agreesWithAMapOverManyAddsAndRemovesOfAlignedAddresses() {
        SlotsByAddress table = new SlotsByAddress();
        Map<Long, Slot> model = new HashMap<>();
        List<Long> live = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(42);
        for (int step = 0; step < 200_000; step++) {
            if (live.isEmpty() || (live.size() < 5_000 && rnd.nextInt(3) != 0)) {
                long a = 0x7f00_0000_0000L + 64L * rnd.nextInt(1 << 20); // aligned blocks, as overlappeds are
                Slot s = new Slot(null, 0);
                table.put(a, s);
                if (model.put(a, s) == null) {
                    live.add(a);
                }
            } else {
                long a = live.remove(rnd.nextInt(live.size()));
                table.remove(a);
                model.remove(a);
                assertNull(table.get(a), "removed " + a);
            }
            if (step % 997 == 0) {
                for (long a : live) {
                    assertSame(model.get(a), table.get(a), "address " + a);
                }
                assertEquals(model.size(), table.size());
            }
        }
        assertEquals(new HashSet<>(model.values()), new HashSet<>(table.all()));
    }

    @Test
    void anAddressNobodyPutIsNotFoundAndRemovingItChangesNothing() {
        SlotsByAddress table = new SlotsByAddress();
        Slot s = new Slot(null, 0);
        table.put(4096, s);
        assertNull(table.get(8192));
        assertNull(table.get(0));
        table.remove(8192);
        table.remove(0);
        assertSame(s, table.get(4096));
        assertEquals(1, table.size());
    }

    @Test
    void addressZeroIsRefused() {
        SlotsByAddress table = new SlotsByAddress();
        assertThrows(IllegalArgumentException.class, () -> table.put(0, new Slot(null, 0)));
        assertEquals(0, table.size());
    }
}
