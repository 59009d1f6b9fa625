package io.overlap.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BufferPlanTest {
    private final FakeWinsock ws = new FakeWinsock();
    private final StagingPool pool = new StagingPool(ws, 2);
    private final BufferPlan plan = new BufferPlan();

    @AfterEach
    void nothingLeaks() {
        plan.release(pool);
        pool.close();
        assertEquals(0, pool.live());
        assertEquals(0, ws.liveMemory());
        assertEquals(List.of(), ws.violations());
    }

    @Test
    void aReceiveStagesHeapBuffersOnlyUpToTheLimitAndStopsSoNoGapIsLeft() {
        ByteBuffer big = ByteBuffer.allocate(BufferPlan.RECV_STAGING_LIMIT + 10);
        ByteBuffer after = ByteBuffer.allocateDirect(8);
        plan.planRecv(new ByteBuffer[] {big, after}, pool);
        assertEquals(1, plan.count(), "the direct buffer after a cut heap buffer is not offered");
        assertEquals(BufferPlan.RECV_STAGING_LIMIT, plan.total());
    }

    @Test
    void emptyBuffersAreSkippedAndDirectOnesGoInPlace() {
        ByteBuffer full = ByteBuffer.allocate(4).position(4);
        ByteBuffer direct = ByteBuffer.allocateDirect(4);
        plan.planRecv(new ByteBuffer[] {full, direct}, pool);
        assertEquals(1, plan.count());
        assertSame(direct, plan.buffers()[0]);
    }

    @Test
    void aLargeHeapSendIsCutIntoChunksAndPositionsMoveByWhatWasSent() {
        byte[] data = new byte[StagingPool.MAX_CHUNK * 2 + 5];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        ByteBuffer src = ByteBuffer.wrap(data);
        plan.planSend(new ByteBuffer[] {src}, pool);
        assertEquals(3, plan.count());
        assertEquals(data.length, plan.total());
        assertEquals(0, src.position());
        assertEquals((byte) StagingPool.MAX_CHUNK, plan.buffers()[1].get(0));
        plan.finishSend(new ByteBuffer[] {src}, StagingPool.MAX_CHUNK + 3);
        assertEquals(StagingPool.MAX_CHUNK + 3, src.position());
        assertTrue(src.limit() == data.length);
    }

    @Test
    void finishingAReceiveCopiesExactlyTheBytesReceived() {
        ByteBuffer a = ByteBuffer.allocate(3);
        ByteBuffer b = ByteBuffer.allocate(5);
        for (int i = 0; i < 5; i++) {
            b.put(i, (byte) 0x77);
        }
        plan.planRecv(new ByteBuffer[] {a, b}, pool);
        for (int i = 0; i < 3; i++) {
            plan.buffers()[0].put(i, (byte) (i + 1));
        }
        plan.buffers()[1].put(0, (byte) 9);
        plan.finishRecv(new ByteBuffer[] {a, b}, 4);
        assertEquals(3, a.position());
        assertEquals(1, b.position());
        assertEquals(9, b.get(0));
        assertEquals(0x77, b.get(1), "beyond the bytes received nothing changes");
    }
}
