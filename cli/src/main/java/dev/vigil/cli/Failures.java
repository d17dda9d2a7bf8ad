package dev.vigil.cli;

import java.io.PrintWriter;

/** The catch-all: one line on standard error for any failure, a stack trace only when VIGIL_DEBUG=1 asks. */
final class Failures {

    private Failures() {
    }

    /** Prints the failure and answers the exit code. */
    static int report(Throwable error, PrintWriter err, String debug) {
        if (error instanceof Failure failure) {
            err.println("vigil: " + failure.getMessage());
            err.flush();
            return failure.exitCode();
        }
        if (error instanceof OutOfMemoryError) {
            err.println("vigil: out of memory (raise -Xmx with VIGIL_CLI_JAVA_OPTS)");
        } else {
            String message = error.getMessage() == null ? "" : ": " + firstLine(error.getMessage());
            err.println("vigil: unexpected error: " + error.getClass().getSimpleName() + message
                                + ("1".equals(debug) ? "" : " (VIGIL_DEBUG=1 shows the details)"));
        }
        if ("1".equals(debug)) {
            error.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.FAILED;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
