package io.overlap.nio;

import io.overlap.spi.Operation;
import java.util.Arrays;

/**
 * The loop's timeouts: a binary min-heap of operations by {@link Operation#deadline()}, each
 * knowing its index ({@link Operation#timerIndex()}) so a completed operation leaves in O(log n).
 */
final class DeadlineHeap {
    private Operation[] heap = new Operation[16];
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    Operation peek() {
        return size == 0 ? null : heap[0];
    }

    void add(Operation op) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = op;
        op.setTimerIndex(size);
        siftUp(size++);
    }

    void remove(Operation op) {
        int i = op.timerIndex();
        if (i < 0 || i >= size || heap[i] != op) {
            return;
        }
        op.setTimerIndex(-1);
        Operation last = heap[--size];
        heap[size] = null;
        if (i < size) {
            heap[i] = last;
            last.setTimerIndex(i);
            siftDown(i);
            siftUp(last.timerIndex());
        }
    }

    private void siftUp(int i) {
        Operation op = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Operation p = heap[parent];
            if (p.deadline() - op.deadline() <= 0) {
                break;
            }
            heap[i] = p;
            p.setTimerIndex(i);
            i = parent;
        }
        heap[i] = op;
        op.setTimerIndex(i);
    }

    private void siftDown(int i) {
        Operation op = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].deadline() - heap[child].deadline() < 0) {
                child = right;
            }
            if (op.deadline() - heap[child].deadline() <= 0) {
                break;
            }
            heap[i] = heap[child];
            heap[i].setTimerIndex(i);
            i = child;
        }
        heap[i] = op;
        op.setTimerIndex(i);
    }
}
