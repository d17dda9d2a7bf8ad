package dev.vigil.plugins.otlp;

/**
 * What a span turns into, by owning plugin: request records (requests), statements (queries), error events
 * (errors). Bits of a mask: a span records which parts were refused because their owner was stopped.
 */
final class Parts {

    static final int REQUESTS = 1;
    static final int QUERIES = 2;
    static final int ERRORS = 4;

    private Parts() {
    }

    static boolean refused(int mask, int part) {
        return (mask & part) != 0;
    }

    static String owner(int part) {
        return switch (part) {
            case REQUESTS -> "requests";
            case QUERIES -> "queries";
            case ERRORS -> "errors";
            default -> throw new IllegalArgumentException("no part " + part);
        };
    }
}
