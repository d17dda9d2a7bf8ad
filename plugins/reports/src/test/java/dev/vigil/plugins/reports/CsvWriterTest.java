package dev.vigil.plugins.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.junit.jupiter.api.Test;

/** Cells as RFC 4180 quotes them, defused for spreadsheets, and read back by a CSV reader as they were. */
class CsvWriterTest {

    @Test
    void quotesCommasQuotesAndLineBreaksSoAReaderGetsTheValuesBack() throws IOException {
        List<Object> cells = List.of("/pay,now", "say \"hi\"", "two\nlines", "cr\rhere", "plain", "", "naïve 日本 ✓");
        String csv = new CsvWriter().row(cells).row(List.of("second", "row")).toString();

        assertEquals("\"/pay,now\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",plain,,naïve 日本 ✓\r\nsecond,row\r\n",
                     csv);
        assertEquals(List.of(List.of("/pay,now", "say \"hi\"", "two\nlines", "cr\rhere", "plain", "", "naïve 日本 ✓"),
                             List.of("second", "row")), read(csv));
    }

    @Test
    void textThatASpreadsheetWouldRunAsAFormulaGetsALeadingQuote() throws IOException {
        List<Object> cells = List.of("=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd",
                                     "a=b", "1-2");
        List<String> read = read(new CsvWriter().row(cells).toString()).get(0);
        assertEquals(List.of("'=HYPERLINK(\"http://evil\",\"x\")", "'+1+1", "'-2+3", "'@SUM(A1)", "'\tcmd", "a=b",
                             "1-2"), read);
    }

    @Test
    void numbersTimesAndNullsAreWrittenPlainAndNeverDefused() {
        assertEquals("-1.5", CsvWriter.cell(-1.5), "a number the report computed is not text from outside");
        assertEquals("0.0001", CsvWriter.cell(1e-4), "no exponent");
        assertEquals("12345678.9", CsvWriter.cell(12345678.9));
        assertEquals("3", CsvWriter.cell(3.0));
        assertEquals("42", CsvWriter.cell(42L));
        assertEquals("", CsvWriter.cell(Double.NaN));
        assertEquals("", CsvWriter.cell(null));
        assertEquals("true", CsvWriter.cell(true));
        assertEquals("2026-12-07T10:15:30.250Z", CsvWriter.cell(Instant.parse("2026-12-07T10:15:30.250Z")));
    }

    private static List<List<String>> read(String csv) throws IOException {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<String[]> it = mapper.readerFor(String[].class).with(CsvSchema.emptySchema())
                .readValues(csv)) {
            it.forEachRemaining(row -> rows.add(Arrays.asList(row)));
        }
        return rows;
    }
}
