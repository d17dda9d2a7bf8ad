package dev.vigil.cli;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The exit code of {@code check-dependencies}, for CI pipelines. A vulnerability found at or above the threshold
 * fails with 3, whatever else is true. When vulnerabilities were not (all) checked and none was found, the gate
 * cannot pass honestly: 4, unless {@code --allow-unchecked} accepts it. Without a threshold, findings never fail.
 * Vulnerabilities without a score ({@code unknown}) count as medium, as the server's health score counts them.
 */
final class DependencyVerdict {

    /** A severity threshold, lowest first. */
    enum FailOn { low, medium, high, critical }

    /** The exit code and the sentence that explains it. */
    record Verdict(int exitCode, String message) {
    }

    private DependencyVerdict() {
    }

    /** @param report the answer of {@code GET /api/v1/dependencies/report} */
    static Verdict decide(JsonNode report, FailOn failOn, boolean allowUnchecked) {
        boolean checked = report.path("scanned").asBoolean(false)
                && report.path("vulnerabilities_checked").asBoolean(false);
        if (failOn == null) {
            return new Verdict(ExitCodes.OK, "no --fail-on given: the findings do not set the exit code");
        }
        JsonNode counts = report.path("summary").path("vulnerabilities");
        long found = 0;
        List<String> parts = new ArrayList<>();
        for (FailOn severity : FailOn.values()) {
            long count = counts.path(severity.name()).asLong(0)
                    + (severity == FailOn.medium ? counts.path("unknown").asLong(0) : 0);
            if (severity.ordinal() >= failOn.ordinal() && count > 0) {
                found += count;
                parts.add(severity.name() + " " + count);
            }
        }
        if (found > 0) {
            return new Verdict(ExitCodes.VULNERABLE, found + " vulnerabilit" + (found == 1 ? "y" : "ies")
                    + " at or above " + failOn + " (" + String.join(", ", parts) + ")" + (checked ? ""
                    : "; some targets were not even checked"));
        }
        if (!checked) {
            String what = report.path("scanned").asBoolean(false) ? "vulnerabilities were NOT checked"
                    : "no scan has finished yet, so nothing was checked";
            return allowUnchecked
                    ? new Verdict(ExitCodes.OK, what + "; --allow-unchecked accepts that")
                    : new Verdict(ExitCodes.NOT_CHECKED, what + ": --fail-on " + failOn + " cannot pass "
                            + "(--allow-unchecked accepts it)");
        }
        return new Verdict(ExitCodes.OK, "no vulnerability at or above " + failOn);
    }
}
