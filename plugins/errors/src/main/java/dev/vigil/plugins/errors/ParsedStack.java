package dev.vigil.plugins.errors;

import java.util.List;

/**
 * What a raw stack string held: its language and its exception chain, outermost first.
 *
 * @param language {@code java}, {@code python}, {@code javascript}, or {@code unknown} when no frame was recognised
 */
record ParsedStack(String language, List<ExceptionBlock> exceptions) {

    static final ParsedStack NONE = new ParsedStack("unknown", List.of());

    ParsedStack {
        exceptions = List.copyOf(exceptions);
    }

    boolean hasFrames() {
        return exceptions.stream().anyMatch(block -> !block.frames().isEmpty());
    }
}
