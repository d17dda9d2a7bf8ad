package dev.vigil.cli;

import java.util.Locale;

/** One line showing a job's progress: {@code [##########----------]  52% dependency-check: analysing jars}. */
final class ProgressBar {

    static final int BAR = 20;

    private ProgressBar() {
    }

    /**
     * @param fraction 0..1 (clamped)
     * @param width    the line is cut to {@code width - 1} characters so that it never wraps (a wrapped line
     *                 cannot be redrawn with a carriage return)
     */
    static String render(double fraction, String label, String message, int width) {
        double clamped = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
        int filled = (int) Math.floor(clamped * BAR);
        String text = Text.safe(labelled(label, message));
        String line = "[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%", percent(clamped)) + " " + text;
        return line.length() < width ? line : line.substring(0, Math.max(0, width - 4)) + "...";
    }

    /** {@code label: message}, without saying the label twice when the message already starts with it. */
    static String labelled(String label, String message) {
        if (message == null || message.isBlank()) {
            return label;
        }
        return message.startsWith(label) ? message : label + ": " + message;
    }

    /** Whole percent, rounded down: 100% only when the job says it is complete. */
    static int percent(double fraction) {
        return (int) Math.floor(Math.max(0, Math.min(1, fraction)) * 100 + 1e-9);
    }
}
