package dev.vigil.cli;

import java.io.PrintWriter;
import java.util.Objects;

/**
 * Shows a job's progress as it is polled: a bar redrawn in place on a terminal, else one plain line whenever the
 * whole percent or the message changes (a CI log gets a readable history, not thousands of carriage returns).
 */
interface ProgressView {

    void update(double fraction, String message);

    /** The job ended: leave the cursor on a fresh line. */
    void finish();

    static ProgressView of(boolean terminal, PrintWriter out, String label, int width) {
        return terminal ? new Bar(out, label, width) : new Lines(out, label);
    }

    /** On a terminal. */
    final class Bar implements ProgressView {
        private final PrintWriter out;
        private final String label;
        private final int width;
        private boolean drawn;

        Bar(PrintWriter out, String label, int width) {
            this.out = out;
            this.label = label;
            this.width = width;
        }

        @Override
        public void update(double fraction, String message) {
            // \r back to the start, the line, then erase what a longer previous line left.
            out.print("\r" + ProgressBar.render(fraction, label, message, width) + "\u001b[K");
            out.flush();
            drawn = true;
        }

        @Override
        public void finish() {
            if (drawn) {
                out.println();
                out.flush();
            }
        }
    }

    /** Anywhere else: a line per change. */
    final class Lines implements ProgressView {
        private final PrintWriter out;
        private final String label;
        private int lastPercent = -1;
        private String lastMessage;

        Lines(PrintWriter out, String label) {
            this.out = out;
            this.label = label;
        }

        @Override
        public void update(double fraction, String message) {
            int percent = ProgressBar.percent(fraction);
            if (percent == lastPercent && Objects.equals(message, lastMessage)) {
                return;
            }
            lastPercent = percent;
            lastMessage = message;
            out.println(String.format(java.util.Locale.ROOT, "%3d%% ", percent)
                                + Text.safe(ProgressBar.labelled(label, message)));
            out.flush();
        }

        @Override
        public void finish() {
            out.flush();
        }
    }
}
