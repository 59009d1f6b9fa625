package io.overlap.examples.chat;

import io.overlap.examples.cli.Fmt;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chat itself: who is here under which nickname, the commands, and who hears what. It knows
 * nothing of sockets; it talks to {@link Member}s. It is used by one thread only (the server's
 * room thread), which is why it needs no locks and why everyone sees messages in the same order.
 *
 * <p>A member whose outbound queue overflows is noted while a message is being handed out and
 * disconnected right after, so that handing out a message never changes the member list under
 * the loop that walks it.
 */
final class ChatRoom {
    private static final System.Logger LOG = System.getLogger("chat");
    private static final String HELP = String.join("\n",
            "*** commands:",
            "***   /nick NAME      change your name (1 to 20 letters, digits, _ or -)",
            "***   /who            list who is here",
            "***   /me ACTION      say what you do, e.g. /me waves",
            "***   /quit [WORDS]   leave, with parting words if you like",
            "***   /help           this list",
            "*** any other line goes to everyone else; start it with // to send a line that begins with /");

    private final ChatConfig config;
    /** Members in the order they joined, with their nicknames. */
    private final Map<Member, String> nicks = new LinkedHashMap<>();
    private final Map<String, Member> byNick = new HashMap<>();
    private final ArrayDeque<Member> tooSlow = new ArrayDeque<>();
    private long guests;

    ChatRoom(ChatConfig config) {
        this.config = config;
    }

    /** @return how many are in the room */
    int size() {
        return nicks.size();
    }

    /**
     * Someone connected: welcome them and tell the others, or refuse them if the room is full.
     *
     * @param m the newcomer
     * @return false if refused (the member is told why and hung up on)
     */
    boolean join(Member m) {
        if (nicks.size() >= config.maxClients()) {
            tell(m, "*** sorry, the room is full (" + Fmt.count(config.maxClients()) + " people); please try again later");
            m.hangUp();
            LOG.log(Level.INFO, "refused {0}: the room is full", m.address());
            cutSlowMembers();
            return false;
        }
        String nick;
        do {
            nick = "guest" + ++guests;
        } while (byNick.containsKey(Nicknames.key(nick)));
        int others = nicks.size();
        nicks.put(m, nick);
        byNick.put(Nicknames.key(nick), m);
        tell(m, "*** welcome to the Overlap chat; you are " + nick + " (" + m.address() + "), with " + others
                + (others == 1 ? " other" : " others") + " here; /who lists them, /help lists the commands");
        broadcast("*** " + nick + " joined from " + m.address(), m);
        LOG.log(Level.INFO, "{0} joined from {1}", nick, m.address());
        cutSlowMembers();
        return true;
    }

    /**
     * One line from a member: a command or a message.
     *
     * @param m who sent it
     * @param raw the line as decoded
     */
    void line(Member m, String raw) {
        String nick = nicks.get(m);
        if (nick == null) {
            return; // not (or no longer) in the room
        }
        String text = Nicknames.sanitize(raw).strip();
        if (text.isEmpty()) {
            return;
        }
        if (text.startsWith("/") && !text.startsWith("//")) {
            command(m, nick, text);
        } else {
            message(m, nick, text.startsWith("//") ? text.substring(1) : text);
        }
        cutSlowMembers();
    }

    /** A member's line was longer than allowed: say so; the rest of it is being dropped. */
    void overlong(Member m) {
        if (nicks.containsKey(m)) {
            tell(m, "*** line too long (over " + Fmt.count(config.maxLineBytes()) + " bytes): not sent, the rest of it is dropped");
            cutSlowMembers();
        }
    }

    /**
     * A member's connection ended (closed, reset or failed): tell the others.
     *
     * @param m who
     * @param reason why, or {@code null} for an ordinary close
     */
    void left(Member m, String reason) {
        String nick = remove(m);
        if (nick != null) {
            String why = reason == null ? "" : ": " + reason;
            broadcast("*** " + nick + " left (" + m.address() + ")" + why, null);
            LOG.log(Level.INFO, "{0} left ({1}){2}", nick, m.address(), why);
            cutSlowMembers();
        }
    }

    /** The server is stopping: say goodbye to everyone and hang up on them. */
    void shutdown() {
        List<Member> all = new ArrayList<>(nicks.keySet());
        broadcast("*** the server is shutting down; bye", null);
        nicks.clear();
        byNick.clear();
        tooSlow.clear();
        all.forEach(Member::hangUp);
    }

    private void command(Member m, String nick, String text) {
        int space = text.indexOf(' ');
        String name = space < 0 ? text : text.substring(0, space);
        String arg = space < 0 ? "" : text.substring(space + 1).strip();
        switch (name) {
            case "/nick" -> rename(m, nick, arg);
            case "/who" -> who(m);
            case "/me" -> {
                if (arg.isEmpty()) {
                    tell(m, "*** usage: /me ACTION");
                } else {
                    broadcast("* " + nick + " " + arg, m);
                }
            }
            case "/quit" -> quit(m, nick, arg);
            case "/help" -> tell(m, HELP);
            default -> tell(m, "*** unknown command " + name + "; /help lists the commands");
        }
    }

    private void message(Member m, String nick, String text) {
        if (nicks.size() == 1) {
            tell(m, "*** nobody else is here yet");
        } else {
            broadcast("<" + nick + "> " + text, m);
        }
    }

    private void rename(Member m, String old, String wanted) {
        if (wanted.isEmpty()) {
            tell(m, "*** usage: /nick NAME");
        } else if (!Nicknames.isValid(wanted)) {
            tell(m, "*** invalid nick '" + wanted + "': use 1 to " + Nicknames.MAX_LENGTH + " letters, digits, _ or -");
        } else if (wanted.equals(old)) {
            tell(m, "*** you are already " + old);
        } else {
            Member holder = byNick.get(Nicknames.key(wanted));
            if (holder != null && holder != m) {
                tell(m, "*** the nick " + wanted + " is taken");
                return;
            }
            byNick.remove(Nicknames.key(old));
            byNick.put(Nicknames.key(wanted), m);
            nicks.put(m, wanted);
            tell(m, "*** you are now known as " + wanted);
            broadcast("*** " + old + " is now known as " + wanted, m);
            LOG.log(Level.INFO, "{0} is now known as {1}", old, wanted);
        }
    }

    private void who(Member m) {
        StringBuilder sb = new StringBuilder("*** ").append(nicks.size()).append(" here:");
        nicks.forEach((member, nick) -> sb.append("\n***   ").append(nick).append(' ').append(member.address())
                .append(member == m ? " (you)" : ""));
        tell(m, sb.toString());
    }

    private void quit(Member m, String nick, String words) {
        tell(m, "*** bye, " + nick);
        remove(m);
        m.hangUp();
        String why = words.isEmpty() ? "quit" : "quit: " + words;
        broadcast("*** " + nick + " left (" + m.address() + "): " + why, null);
        LOG.log(Level.INFO, "{0} left ({1}): {2}", nick, m.address(), why);
    }

    private String remove(Member m) {
        String nick = nicks.remove(m);
        if (nick != null) {
            byNick.remove(Nicknames.key(nick));
        }
        return nick;
    }

    /** Disconnects every member that could not take a line, telling the others; repeats as that may overflow more. */
    private void cutSlowMembers() {
        Member m;
        while ((m = tooSlow.poll()) != null) {
            String nick = remove(m);
            if (nick == null) {
                continue;
            }
            String reason = "too slow to read (more than " + Fmt.count(config.maxQueuedBytes() / 1024) + " KiB waiting)";
            m.cut(reason);
            broadcast("*** " + nick + " (" + m.address() + ") was disconnected: " + reason, null);
            LOG.log(Level.WARNING, "disconnected {0} ({1}): {2}", nick, m.address(), reason);
        }
    }

    /**
     * Disconnects a member whose sends stopped completing; the server calls it.
     *
     * @param m who
     * @param reason why
     */
    void disconnect(Member m, String reason) {
        String nick = remove(m);
        m.cut(reason);
        if (nick != null) {
            broadcast("*** " + nick + " (" + m.address() + ") was disconnected: " + reason, null);
            LOG.log(Level.WARNING, "disconnected {0} ({1}): {2}", nick, m.address(), reason);
            cutSlowMembers();
        }
    }

    private void tell(Member m, String text) {
        if (!m.deliver(encode(text))) {
            tooSlow.add(m);
        }
    }

    private void broadcast(String text, Member except) {
        ByteBuffer line = encode(text);
        for (Member m : nicks.keySet()) {
            if (m != except && !m.deliver(line)) {
                tooSlow.add(m);
            }
        }
    }

    private static ByteBuffer encode(String text) {
        // not read-only: a backend may stage heap buffers through their backing array
        return ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
