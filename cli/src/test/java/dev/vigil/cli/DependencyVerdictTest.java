package dev.vigil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.cli.DependencyVerdict.FailOn;
import dev.vigil.cli.DependencyVerdict.Verdict;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The exit code a CI pipeline gets from check-dependencies. */
class DependencyVerdictTest {

    private static JsonNode report(boolean scanned, boolean checked, int critical, int high, int medium, int low,
                                   int unknown) throws Exception {
        return Json.MAPPER.readTree("""
                {"scanned": %s, "vulnerabilities_checked": %s,
                 "summary": {"vulnerabilities": {"total": %d, "critical": %d, "high": %d, "medium": %d, "low": %d,
                                                 "unknown": %d}}}
                """.formatted(scanned, checked, critical + high + medium + low + unknown, critical, high, medium, low,
                              unknown));
    }

    @Test
    void aVulnerabilityAtOrAboveTheThresholdFailsWith3() throws Exception {
        Verdict verdict = DependencyVerdict.decide(report(true, true, 1, 2, 5, 0, 0), FailOn.high, false);
        assertEquals(ExitCodes.VULNERABLE, verdict.exitCode());
        assertEquals("3 vulnerabilities at or above high (high 2, critical 1)", verdict.message());
        assertEquals(ExitCodes.VULNERABLE,
                     DependencyVerdict.decide(report(true, true, 1, 0, 0, 0, 0), FailOn.critical, false).exitCode());
    }

    @Test
    void onlyVulnerabilitiesBelowTheThresholdPass() throws Exception {
        Verdict verdict = DependencyVerdict.decide(report(true, true, 0, 0, 4, 9, 0), FailOn.high, false);
        assertEquals(ExitCodes.OK, verdict.exitCode());
        assertEquals("no vulnerability at or above high", verdict.message());
    }

    @Test
    void unscoredVulnerabilitiesCountAsMedium() throws Exception {
        assertEquals(ExitCodes.VULNERABLE,
                     DependencyVerdict.decide(report(true, true, 0, 0, 0, 0, 1), FailOn.medium, false).exitCode());
        assertEquals(ExitCodes.OK,
                     DependencyVerdict.decide(report(true, true, 0, 0, 0, 0, 1), FailOn.high, false).exitCode());
    }

    @Test
    void withoutVulnerabilityDataTheGateCannotPassUnlessAllowed() throws Exception {
        JsonNode unchecked = report(true, false, 0, 0, 0, 0, 0);
        Verdict verdict = DependencyVerdict.decide(unchecked, FailOn.high, false);
        assertEquals(ExitCodes.NOT_CHECKED, verdict.exitCode());
        assertTrue(verdict.message().contains("NOT checked"), verdict.message());
        assertEquals(ExitCodes.OK, DependencyVerdict.decide(unchecked, FailOn.high, true).exitCode());
        Verdict noScan = DependencyVerdict.decide(report(false, false, 0, 0, 0, 0, 0), FailOn.low, false);
        assertEquals(ExitCodes.NOT_CHECKED, noScan.exitCode());
        assertTrue(noScan.message().contains("no scan has finished"), noScan.message());
    }

    @Test
    void aFindingInTheCheckedPartOutweighsWhatWasNotChecked() throws Exception {
        Verdict verdict = DependencyVerdict.decide(report(true, false, 1, 0, 0, 0, 0), FailOn.high, false);
        assertEquals(ExitCodes.VULNERABLE, verdict.exitCode());
        assertTrue(verdict.message().contains("not even checked"), verdict.message());
    }

    @Test
    void withoutAThresholdFindingsNeverSetTheExitCode() throws Exception {
        assertEquals(ExitCodes.OK, DependencyVerdict.decide(report(true, true, 9, 9, 9, 9, 9), null, false).exitCode());
        assertEquals(ExitCodes.OK, DependencyVerdict.decide(report(true, false, 0, 0, 0, 0, 0), null, false).exitCode());
    }
}
