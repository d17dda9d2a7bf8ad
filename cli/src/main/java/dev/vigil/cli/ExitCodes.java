package dev.vigil.cli;

/** What {@code bin/vigil <command>} exits with; shown in the help and the README. */
final class ExitCodes {

    /** The command did what it was asked, and what it checked is fine. */
    static final int OK = 0;
    /** The server refused or failed (any 4xx or 5xx, a refused token), or what the command checked is not fine. */
    static final int FAILED = 1;
    /** Bad usage (picocli's convention), or the server cannot be reached. */
    static final int USAGE_OR_UNREACHABLE = 2;
    /** check-dependencies: a vulnerability at or above --fail-on. */
    static final int VULNERABLE = 3;
    /** check-dependencies --fail-on: vulnerabilities were not checked (no vulnerability data). */
    static final int NOT_CHECKED = 4;

    /** The help's footer. */
    static final String HELP = """
            Exit codes:
              0  done, and what was checked is fine
              1  the server refused or failed (4xx/5xx, a refused token), or what
                 was checked is not fine (health not UP, an alert id not changed,
                 a notification not delivered, a job that failed)
              2  bad usage, or the server cannot be reached
              3  check-dependencies: a vulnerability at or above --fail-on
              4  check-dependencies --fail-on: vulnerabilities were not checked""";

    private ExitCodes() {
    }
}
