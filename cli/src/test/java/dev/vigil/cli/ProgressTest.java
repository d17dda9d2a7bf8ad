package dev.vigil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void theBarShowsTheFractionAndTheMessage() {
        assertEquals("[##########----------]  52% dependency-check: analysing jars",
                     ProgressBar.render(0.52, "dependency-check", "analysing jars", 80));
        assertEquals("[--------------------]   0% training", ProgressBar.render(-1, "training", "", 80));
        assertEquals("[####################] 100% training: done", ProgressBar.render(1.7, "training", "done", 80));
        assertEquals(99, ProgressBar.percent(0.999), "100% only when complete");
        assertEquals("[#-------------------]   5% dependency-check: Jar Analyzer",
                     ProgressBar.render(0.05, "dependency-check", "dependency-check: Jar Analyzer", 80),
                     "the label is not said twice");
    }

    @Test
    void aLongLineIsCutSoThatItNeverWraps() {
        String line = ProgressBar.render(0.5, "dependency-check", "x".repeat(200), 60);
        assertTrue(line.length() < 60, line);
        assertTrue(line.endsWith("..."), line);
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlace() {
        StringWriter text = new StringWriter();
        ProgressView view = ProgressView.of(true, new PrintWriter(text), "training", 80);
        view.update(0.1, "sampling");
        view.update(0.5, "forest");
        view.finish();
        assertEquals("\r[##------------------]  10% training: sampling\u001b[K"
                             + "\r[##########----------]  50% training: forest\u001b[K" + System.lineSeparator(),
                     text.toString());
    }

    @Test
    void elsewhereALineIsPrintedOnlyWhenSomethingChanged() {
        StringWriter text = new StringWriter();
        ProgressView view = ProgressView.of(false, new PrintWriter(text), "dependency-check", 80);
        view.update(0.10, "listing files");
        view.update(0.101, "listing files");
        view.update(0.10, "listing files");
        view.update(0.10, "analysing");
        view.update(1.0, "done");
        view.finish();
        assertEquals(String.join(System.lineSeparator(), " 10% dependency-check: listing files",
                                 " 10% dependency-check: analysing", "100% dependency-check: done", ""),
                     text.toString());
    }
}
