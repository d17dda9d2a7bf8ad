package dev.vigil.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RangesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonRecord record(String json) throws Exception {
        return new JsonRecord(4, JSON.readTree(json));
    }

    @Test
    void hugeAndNegativeNumbersAreRefusedNamingTheFieldAndTheRange() throws Exception {
        for (String value : new String[] {"1.7e308", "1e300", "86400000.5", "-1", "-0.001"}) {
            ApiException e = assertThrows(ApiException.class, () -> record("{\"duration_ms\":" + value + "}")
                    .requiredNumber("duration_ms", Ranges.DURATION_MS), value);
            assertEquals(400, e.status());
            assertEquals("records[4].duration_ms: must be a number from 0 to 86400000", e.getMessage(), value);
        }
        ApiException overflow = assertThrows(ApiException.class, () -> record("{\"duration_ms\":1e400}")
                .requiredNumber("duration_ms", Ranges.DURATION_MS));
        assertEquals("records[4].duration_ms: must be a finite number", overflow.getMessage());
        assertEquals(86_400_000, record("{\"duration_ms\":86400000}").requiredNumber("duration_ms",
                                                                                        Ranges.DURATION_MS));
        assertEquals(0, record("{\"duration_ms\":0}").requiredNumber("duration_ms", Ranges.DURATION_MS));
        assertEquals(null, record("{}").optionalNumber("duration_ms", Ranges.DURATION_MS));
    }

    @Test
    void integersAreCheckedAgainstTheirRange() throws Exception {
        ApiException e = assertThrows(ApiException.class, () -> record("{\"bytes\":1000000000001}")
                .optionalLong("bytes", Ranges.BYTES));
        assertEquals("records[4].bytes: must be an integer from 0 to 1000000000000", e.getMessage());
        assertThrows(ApiException.class, () -> record("{\"rows\":-1}").optionalLong("rows", Ranges.COUNT));
        assertThrows(ApiException.class, () -> record("{\"rows\":1e300}").optionalLong("rows", Ranges.COUNT));
        assertEquals(12L, record("{\"rows\":12}").optionalLong("rows", Ranges.COUNT));
    }

    @Test
    void aRangeHasFiniteOrderedBoundsAndContainsNoNonFiniteValue() {
        assertThrows(IllegalArgumentException.class, () -> Range.of(0, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Range.of(2, 1));
        Range range = Range.of(0, 0.25);
        assertEquals("from 0 to 0.25", range.describe());
        assertFalse(range.contains(Double.NaN));
        assertFalse(range.contains(Double.POSITIVE_INFINITY));
        assertTrue(range.contains(0.25));
    }

    @Test
    void aTotalIsHeldFiniteWhereItIsAdded() {
        assertEquals(3.5, Ranges.addFinite(1, 2.5));
        assertEquals(Double.MAX_VALUE, Ranges.addFinite(1.7e308, 1.7e308));
        assertEquals(-Double.MAX_VALUE, Ranges.addFinite(-1.7e308, -1.7e308));
        assertEquals(7, Ranges.addFinite(7, Double.NaN));
    }
}
