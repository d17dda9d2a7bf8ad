package dev.vigil.kernel.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class LogLinesTest {

    /** An ingested service name as an attacker would write it: a forged line, NUL, BEL and a right-to-left override. */
    private static final String FORGED_SERVICE =
            "shop\n2026-12-07T10:00:00Z INFO  [vigil.kernel] admin token reset\u0000\u0007\u202egnp.exe";

    private static LogRecord record(Throwable thrown) {
        LogRecord record = new LogRecord(Level.INFO, "new error group {0} in {1}");
        record.setLoggerName("vigil.errors");
        record.setParameters(new Object[] {"g1", FORGED_SERVICE});
        record.setThrown(thrown);
        return record;
    }

    @Test
    void aTextLineKeepsAnOutsideValueOnItsOwnLineWithItsControlsEscaped() {
        String line = new LogSetup.TextLines().format(record(null));

        assertEquals(1, line.split("\n", -1).length - 1, "one line per event: " + line);
        assertTrue(line.endsWith("[vigil.errors] new error group g1 in shop\\n2026-12-07T10:00:00Z INFO  "
                                         + "[vigil.kernel] admin token reset\\u0000\\u0007\\u202egnp.exe\n"), line);
    }

    @Test
    void aJsonLineStaysOneValidObjectAndShowsTheSameEscapes() throws Exception {
        String line = new LogSetup.JsonLines().format(record(null));

        assertEquals(1, line.split("\n", -1).length - 1, line);
        JsonNode event = new ObjectMapper().readTree(line);
        assertEquals("new error group g1 in shop\\n2026-12-07T10:00:00Z INFO  [vigil.kernel] admin token reset"
                             + "\\u0000\\u0007\\u202egnp.exe", event.get("message").asText());
        assertTrue(line.chars().allMatch(c -> c >= 0x20 && c != 0x202e || c == '\n'), line);
    }

    @Test
    void anExceptionMessageCannotStartALineInTheStackTrace() {
        Exception error = new IllegalArgumentException("unknown service '" + FORGED_SERVICE + "'",
                                                       new IllegalStateException("cause\nforged cause line"));
        String text = new LogSetup.TextLines().format(record(error));

        List<String> lines = Arrays.asList(text.split("\n"));
        assertTrue(lines.get(1).startsWith("java.lang.IllegalArgumentException: unknown service 'shop\\n2026"),
                   text);
        for (String line : lines.subList(1, lines.size())) {
            assertTrue(line.startsWith("\tat ") || line.startsWith("java.lang.") || line.startsWith("Caused by: "),
                       "every line of a trace is the trace's own: " + line);
        }
        assertTrue(text.contains("Caused by: java.lang.IllegalStateException: cause\\nforged cause line"), text);
        assertFalse(text.chars().anyMatch(c -> c == 0 || c == 7 || c == 0x202e), text);
    }

    @Test
    void plainTextIsLeftAsItIs() {
        assertEquals("GET /api/v1/requests 200 in 3 ms — ok", LogText.escape("GET /api/v1/requests 200 in 3 ms — ok"));
        assertEquals("a\\tb\\u2028c\\u0085d\\u007f", LogText.escape("a\tb\u2028c\u0085d\u007f"));
    }
}
