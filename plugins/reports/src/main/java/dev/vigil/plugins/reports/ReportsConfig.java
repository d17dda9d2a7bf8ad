package dev.vigil.plugins.reports;

/**
 * {@code config/plugins/reports.yaml}.
 *
 * @param maxHours        the longest window a report covers: the retention of the figures it reads (request and
 *                        query figures are kept 30 days by default; a longer window would read as if traffic had
 *                        stopped)
 * @param detailedMaxRows the most rows of each list in a detailed report (endpoints, fingerprints, findings, error
 *                        groups, alerts)
 */
public record ReportsConfig(int maxHours, int detailedMaxRows) {

    static final ReportsConfig DEFAULTS = new ReportsConfig(720, 1000);

    public ReportsConfig {
        if (maxHours < 1 || maxHours > 87_600) {
            throw new IllegalArgumentException("max-hours must be between 1 and 87600 (ten years)");
        }
        if (detailedMaxRows < 1 || detailedMaxRows > 100_000) {
            throw new IllegalArgumentException("detailed-max-rows must be between 1 and 100000");
        }
    }
}
