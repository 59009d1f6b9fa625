package io.overlap.winsock;

import java.util.ArrayList;
import java.util.List;

/**
 * The slots of the {@code iocp} model by the address of their overlapped: what a dequeued packet
 * names. An open-addressing table of primitive keys, so a lookup per packet boxes nothing (a
 * {@code Map<Long, Slot>} made a {@code Long} per completion). Slots are added and removed far
 * less often than they are looked up, by any I/O thread, so one monitor guards it.
 */
final class SlotsByAddress {
    private static final long FREE = 0; // no overlapped lives at address 0
    private long[] keys = new long[64];
    private Slot[] slots = new Slot[64];
    private int size;

    /** @throws IllegalArgumentException for address 0, which no overlapped has */
    synchronized void put(long address, Slot slot) {
        if (address == FREE) {
            throw new IllegalArgumentException("an overlapped at address 0");
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int i = indexOf(keys, address);
        if (keys[i] == FREE) {
            size++;
        }
        keys[i] = address;
        slots[i] = slot;
    }

    /** @return the slot whose overlapped is at {@code address}, or null */
    synchronized Slot get(long address) {
        if (address == FREE) {
            return null;
        }
        int i = indexOf(keys, address);
        return keys[i] == FREE ? null : slots[i];
    }

    synchronized void remove(long address) {
        int i = address == FREE ? -1 : indexOf(keys, address);
        if (i < 0 || keys[i] == FREE) {
            return;
        }
        keys[i] = FREE;
        slots[i] = null;
        size--;
        // re-place the rest of the run, so no later key is cut off from its probe start
        int mask = keys.length - 1;
        for (int j = (i + 1) & mask; keys[j] != FREE; j = (j + 1) & mask) {
            long k = keys[j];
            Slot s = slots[j];
            keys[j] = FREE;
            slots[j] = null;
            int to = indexOf(keys, k);
            keys[to] = k;
            slots[to] = s;
        }
    }

    /** @return every slot now in the table */
    synchronized List<Slot> all() {
        List<Slot> out = new ArrayList<>(size);
        for (Slot s : slots) {
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    synchronized int size() {
        return size;
    }

    private void grow() {
        long[] oldKeys = keys;
        Slot[] oldSlots = slots;
        keys = new long[oldKeys.length * 2];
        slots = new Slot[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != FREE) {
                int to = indexOf(keys, oldKeys[i]);
                keys[to] = oldKeys[i];
                slots[to] = oldSlots[i];
            }
        }
    }

    /** @return where {@code address} is in {@code table}, or the free place where it would go */
    private static int indexOf(long[] table, long address) {
        int mask = table.length - 1;
        // overlappeds are aligned: mix the bits so neighbouring blocks spread over the table
        long h = address * 0x9E3779B97F4A7C15L;
        int i = (int) (h >>> 40) & mask;
        while (table[i] != FREE && table[i] != address) {
            i = (i + 1) & mask;
        }
        return i;
    }
}
