package dev.vigil.plugins.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** Messages reduced to their shape for grouping errors that carry no stack. */
class MessageMaskerTest {

    @Test
    void masksNumbersIdsUuidsHexEmailsAndQuotedValues() {
        assertEquals("order <num> for <email> not found in <quoted> (<uuid>, <hex>, <hex>, session <id>)",
                     MessageMasker.mask("order 4711 for jane.doe+shop@example.com not found in 'warehouse-east' "
                                                + "(3f2504e0-4f89-11d3-9a0c-0305e82c3301, 0x7ffe12ab, "
                                                + "5f3a9c00d2e14b7a, session Ab12Cd34Ef56Gh78Ij90)"));
    }

    @Test
    void theSameFaultWithOtherValuesHasTheSameShape() {
        assertEquals(MessageMasker.mask("user 17 has no cart \"c-991\" after 3.5 s"),
                     MessageMasker.mask("user 90210 has no cart \"c-12\" after 12.25 s"));
        assertNotEquals(MessageMasker.mask("user 17 has no cart"), MessageMasker.mask("user 17 has no wallet"));
    }

    @Test
    void apostrophesInWordsAreNotQuotes() {
        assertEquals("can't find user's basket <num>", MessageMasker.mask("can't find user's basket 12"));
    }

    @Test
    void nullAndBlankBecomeEmpty() {
        assertEquals("", MessageMasker.mask(null));
        assertEquals("", MessageMasker.mask("  \n "));
    }
}
