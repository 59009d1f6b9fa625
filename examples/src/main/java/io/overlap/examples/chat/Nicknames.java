package io.overlap.examples.chat;

import java.util.Locale;
import java.util.regex.Pattern;

/** What a nickname may look like, and when two are the same. */
final class Nicknames {
    /** The longest nickname, in characters. */
    static final int MAX_LENGTH = 20;
    private static final Pattern VALID = Pattern.compile("[\\p{L}\\p{N}_-]{1," + MAX_LENGTH + "}");

    private Nicknames() {
    }

    /** @return true if {@code nick} is 1 to 20 letters, digits, {@code _} or {@code -} */
    static boolean isValid(String nick) {
        return VALID.matcher(nick).matches();
    }

    /** @return the key under which two nicknames that differ only in case are the same */
    static String key(String nick) {
        return nick.toLowerCase(Locale.ROOT);
    }

    /**
     * Removes control characters (C0, DEL, C1) so that nobody can move the cursor, clear the
     * screen or ring the bell on everyone else's terminal; tabs become spaces.
     *
     * @param text a line as received
     * @return the line as it may be shown to others
     */
    static String sanitize(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
            if (control && sb == null) {
                sb = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (sb != null) {
                if (c == '\t') {
                    sb.append(' ');
                } else if (!control) {
                    sb.append(c);
                }
            }
        }
        return sb == null ? text : sb.toString();
    }
}
