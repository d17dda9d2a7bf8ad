package dev.vigil.plugins.dependencies;

import dev.vigil.api.Jobs;

/** A job's progress that nobody follows and nobody cancels: for tests that run a scan or a lookup directly. */
final class SilentProgress implements Jobs.Progress {

    static final Jobs.Progress NONE = new SilentProgress();

    private SilentProgress() {
    }

    @Override
    public void update(double fraction, String message) {
    }

    @Override
    public boolean cancelled() {
        return false;
    }
}
