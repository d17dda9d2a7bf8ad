package dev.vigil.kernel.logging;

import java.util.logging.LogManager;

/**
 * The JDK's log manager resets (drops every handler) from its own shutdown hook, which races Vigil's: the lines
 * that say what the server does while stopping would be lost. Once Vigil has set up its logging, resets are
 * ignored; handlers flush each record, so nothing is lost at exit.
 */
public final class VigilLogManager extends LogManager {

    private static volatile boolean frozen;

    /** Called once logging is configured. */
    public static void keepHandlersUntilExit() {
        frozen = true;
    }

    @Override
    public void reset() {
        if (!frozen) {
            super.reset();
        }
    }
}
