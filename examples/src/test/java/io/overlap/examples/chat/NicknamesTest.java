package io.overlap.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NicknamesTest {
    @Test
    void validNicknames() {
        assertTrue(Nicknames.isValid("alice"));
        assertTrue(Nicknames.isValid("Zoë_2-b"));
        assertTrue(Nicknames.isValid("x".repeat(20)));
        assertFalse(Nicknames.isValid(""));
        assertFalse(Nicknames.isValid("x".repeat(21)));
        assertFalse(Nicknames.isValid("two words"));
        assertFalse(Nicknames.isValid("<admin>"));
        assertEquals(Nicknames.key("Bob"), Nicknames.key("bOB"));
    }

    @Test
    void controlCharactersAreRemovedAndTabsBecomeSpaces() {
        assertEquals("plain", Nicknames.sanitize("plain"));
        assertEquals("red? no[31m, bell no, a b", Nicknames.sanitize("red? no\u001b[31m, bell\u0007 no, a\tb"));
        assertEquals("c1", Nicknames.sanitize("c\u00851\u007f"));
    }
}
