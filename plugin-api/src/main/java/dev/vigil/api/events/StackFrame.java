package dev.vigil.api.events;

/**
 * One frame of a stack trace.
 *
 * @param module the module, package, class or file the function belongs to
 * @param inApp  whether the frame is the application's own code (not a library's); grouping uses these
 */
public record StackFrame(String module, String function, String file, Integer line, boolean inApp) {
}
