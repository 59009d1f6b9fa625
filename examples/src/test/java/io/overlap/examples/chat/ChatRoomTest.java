package io.overlap.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The room's rules without sockets: members that record what they are sent. */
class ChatRoomTest {
    /** A member with a bounded number of lines it accepts before it counts as too slow. */
    private static final class FakeMember implements Member {
        final String address;
        final List<String> lines = new ArrayList<>();
        int room;
        boolean hungUp;
        String cutFor;

        FakeMember(String address, int room) {
            this.address = address;
            this.room = room;
        }

        @Override
        public String address() {
            return address;
        }

        @Override
        public boolean deliver(ByteBuffer line) {
            if (room == 0) {
                return false;
            }
            room--;
            ByteBuffer view = line.duplicate();
            byte[] b = new byte[view.remaining()];
            view.get(b);
            lines.add(new String(b, StandardCharsets.UTF_8));
            return true;
        }

        @Override
        public void hangUp() {
            hungUp = true;
        }

        @Override
        public void cut(String reason) {
            cutFor = reason;
        }

        String last() {
            return lines.get(lines.size() - 1);
        }
    }

    private final ChatRoom room = new ChatRoom(
            ChatConfig.defaults(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).withMaxClients(3));

    @Test
    void aMemberThatCannotTakeABroadcastIsCutAndTheOthersAreTold() {
        FakeMember a = new FakeMember("10.0.0.1:1", 100);
        FakeMember slow = new FakeMember("10.0.0.2:2", 1); // takes its welcome only
        FakeMember c = new FakeMember("10.0.0.3:3", 100);
        room.join(a);
        room.join(slow);
        room.join(c); // the join announcement overflows slow
        assertEquals("too slow to read (more than 256 KiB waiting)", slow.cutFor);
        assertEquals("*** guest2 (10.0.0.2:2) was disconnected: too slow to read (more than 256 KiB waiting)\n", a.last());
        assertEquals(a.last(), c.last());
        assertEquals(2, room.size());
    }

    @Test
    void aFullRoomRefusesAndHangsUp() {
        for (int i = 0; i < 3; i++) {
            assertTrue(room.join(new FakeMember("10.0.0.1:" + i, 100)));
        }
        FakeMember late = new FakeMember("10.0.0.9:9", 100);
        assertFalse(room.join(late));
        assertTrue(late.hungUp);
        assertEquals(List.of("*** sorry, the room is full (3 people); please try again later\n"), late.lines);
        assertEquals(3, room.size());
    }

    @Test
    void defaultNicknamesSkipOnesTakenByHand() {
        FakeMember a = new FakeMember("10.0.0.1:1", 100);
        room.join(a);
        room.line(a, "/nick guest2");
        FakeMember b = new FakeMember("10.0.0.2:2", 100);
        room.join(b);
        assertTrue(b.lines.get(0).contains("you are guest3 "), b.lines.get(0));
    }

    @Test
    void aLineStartingWithTwoSlashesIsAMessageAndControlCharactersNeverReachOthers() {
        FakeMember a = new FakeMember("10.0.0.1:1", 100);
        FakeMember b = new FakeMember("10.0.0.2:2", 100);
        room.join(a);
        room.join(b);
        room.line(a, "//nick is a command");
        assertEquals("<guest1> /nick is a command\n", b.last());
        room.line(a, "\u001b[2Jgotcha\u0007");
        assertEquals("<guest1> [2Jgotcha\n", b.last());
        room.line(a, "   ");
        assertEquals("<guest1> [2Jgotcha\n", b.last(), "blank lines are not sent");
    }

    @Test
    void leavingTwiceIsAnnouncedOnce() {
        FakeMember a = new FakeMember("10.0.0.1:1", 100);
        FakeMember b = new FakeMember("10.0.0.2:2", 100);
        room.join(a);
        room.join(b);
        room.left(b, "connection reset");
        room.left(b, null);
        assertEquals("*** guest2 left (10.0.0.2:2): connection reset\n", a.last());
        assertEquals(3, a.lines.size());
        assertNull(b.cutFor);
    }
}
