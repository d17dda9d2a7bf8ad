package dev.vigil.cli;

/** The entry point {@code bin/vigil <command>} runs. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = new Cli(Environment.standard()).run(args);
        } catch (Throwable unexpected) {
            // Cli reports its own failures; this is the last line of defence against a stack trace.
            code = Failures.report(unexpected, Environment.fallbackErr(), System.getenv("VIGIL_DEBUG"));
        }
        System.exit(code);
    }
}
