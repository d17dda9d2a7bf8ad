package dev.vigil.plugins.optimizer;

import java.util.concurrent.CancellationException;

/** How long work reports progress and learns that it should stop. */
interface TrainingSteps {

    TrainingSteps SILENT = new TrainingSteps() {
        @Override
        public void progress(double fraction, String message) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    /** @param fraction 0..1 of this piece of work */
    void progress(double fraction, String message);

    boolean cancelled();

    default void checkCancelled() {
        if (cancelled() || Thread.currentThread().isInterrupted()) {
            throw new CancellationException("training was cancelled (the plugin is stopping)");
        }
    }

    /** The steps of a part of the work, mapped onto {@code [from, to]} of the whole. */
    default TrainingSteps slice(double from, double to) {
        TrainingSteps whole = this;
        return new TrainingSteps() {
            @Override
            public void progress(double fraction, String message) {
                whole.progress(from + (to - from) * Math.max(0, Math.min(1, fraction)), message);
            }

            @Override
            public boolean cancelled() {
                return whole.cancelled();
            }
        };
    }
}
