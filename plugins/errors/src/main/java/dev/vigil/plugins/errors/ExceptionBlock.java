package dev.vigil.plugins.errors;

import java.util.List;

import dev.vigil.api.events.StackFrame;

/**
 * One exception of a chain: its type, message and frames, innermost frame first. A chain is listed outermost first
 * (the exception that was thrown last, then what caused it).
 *
 * @param type    the exception type, or null when the trace does not say
 * @param message the message, or null
 */
record ExceptionBlock(String type, String message, List<StackFrame> frames) {

    ExceptionBlock {
        frames = frames == null ? List.of() : List.copyOf(frames);
    }

    ExceptionBlock withType(String newType) {
        return new ExceptionBlock(newType, message, frames);
    }

    ExceptionBlock withMessage(String newMessage) {
        return new ExceptionBlock(type, newMessage, frames);
    }
}
