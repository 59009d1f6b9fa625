package io.overlap.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StagingPoolTest {
    @Test
    void sizesRoundUpToPowersOfTwoFromOneKibToSixtyFourKib() {
        assertEquals(0, StagingPool.sizeClass(1));
        assertEquals(0, StagingPool.sizeClass(1024));
        assertEquals(1, StagingPool.sizeClass(1025));
        assertEquals(6, StagingPool.sizeClass(65536));
        assertEquals(6, StagingPool.sizeClass(65535));
    }

    @Test
    void chunksAreReusedUpToTheBoundAndTheRestFreed() {
        FakeWinsock ws = new FakeWinsock();
        StagingPool pool = new StagingPool(ws, 1);
        Winsock.NativeMemory a = pool.take(100);
        Winsock.NativeMemory b = pool.take(100);
        assertEquals(1024, a.buffer().capacity());
        pool.give(a);
        pool.give(b); // over the bound of one idle chunk: freed
        assertEquals(1, ws.liveMemory());
        assertSame(a, pool.take(1000));
        pool.give(a);
        pool.close();
        assertEquals(0, ws.liveMemory());
        assertEquals(0, pool.live());
        assertThrows(IllegalStateException.class, () -> pool.take(1));
    }
}
