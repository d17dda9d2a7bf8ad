package dev.vigil.cli;

/**
 * Everything that ends a command early, as the one line a user reads ({@code vigil: <message>}) and the exit
 * code. No stack trace: it would only ever be noise on a terminal.
 */
final class Failure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    Failure(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }

    /** The server could not be reached at all: exit 2. */
    static Failure unreachable(String url, String reason) {
        return new Failure("cannot reach " + url + ": " + reason, ExitCodes.USAGE_OR_UNREACHABLE);
    }

    /** The command was used wrongly in a way picocli cannot see: exit 2. */
    static Failure usage(String message) {
        return new Failure(message, ExitCodes.USAGE_OR_UNREACHABLE);
    }

    /** The server said no, or something the command checked is not fine: exit 1. */
    static Failure failed(String message) {
        return new Failure(message, ExitCodes.FAILED);
    }
}
