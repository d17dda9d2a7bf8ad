package dev.vigil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void numberColumnsAndTheirHeadersAlignRightAndTheLastColumnIsNotPadded() {
        String text = new Table("ID", "NAME", "P95", "MESSAGE").right(0, 2)
                .row(7, "requests", "12 ms", "fine")
                .row(1234, "x", "1.5 s", null)
                .render(new Style(false));
        assertEquals("""
                  ID  NAME        P95  MESSAGE
                   7  requests  12 ms  fine
                1234  x         1.5 s  -
                """, text);
    }

    @Test
    void textFromTheServerCannotDriveTheTerminal() {
        String text = new Table("SERVICE").row("shop\u001b[2J\nforged").render(new Style(false));
        assertFalse(text.contains("\u001b"), text);
        assertTrue(text.contains("shop\\u001b[2J\\nforged"), text);
        assertEquals(2, text.lines().count());
    }

    @Test
    void colourOnlyWhenAskedAndWidthsIgnoreIt() {
        Table table = new Table("SEVERITY", "RULE").colour(0, Style::colourOf).row("critical", "cpu");
        assertFalse(table.render(new Style(false)).contains("\u001b"));
        String coloured = table.render(new Style(true));
        assertTrue(coloured.contains("\u001b[31mcritical\u001b[0m"), coloured);
        assertTrue(coloured.contains("\u001b[0m  cpu"), "padding measured on the plain text: " + coloured);
    }

    @Test
    void keyValuesAlignTheirValues() {
        assertEquals("version  1.0\nuptime   3h 02m\n",
                     new KeyValues().add("version", "1.0").add("uptime", "3h 02m").render(new Style(false)));
    }
}
