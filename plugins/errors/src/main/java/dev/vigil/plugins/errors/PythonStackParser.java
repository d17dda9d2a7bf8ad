package dev.vigil.plugins.errors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.vigil.api.events.StackFrame;

/**
 * Python tracebacks: {@code File "path", line N, in function} frames, most recent call last, then
 * {@code Type: message}. Chained exceptions are printed cause first, separated by "During handling of the above
 * exception..." or "The above exception was the direct cause...".
 */
final class PythonStackParser {

    static final Pattern FRAME = Pattern.compile("^\\s*File \"(.*)\", line (\\d+)(?:, in (.+?))?\\s*$");
    static final String TRACEBACK = "Traceback (most recent call last):";
    private static final Pattern CHAIN = Pattern.compile(
            "^\\s*(?:During handling of the above exception, another exception occurred:"
                    + "|The above exception was the direct cause of the following exception:)\\s*$");
    private static final Pattern EXCEPTION_LINE = Pattern.compile("^([A-Za-z_][\\w.]*)(?::\\s?(.*))?$");
    private static final Pattern STDLIB = Pattern.compile("^.*?[/\\\\]lib[/\\\\]python\\d+(?:\\.\\d+)?[/\\\\](.*)$");

    private final InAppRules rules;

    PythonStackParser(InAppRules rules) {
        this.rules = rules;
    }

    ParsedStack parse(String raw) {
        List<List<String>> sections = new ArrayList<>();
        List<String> section = new ArrayList<>();
        for (String line : raw.split("\\R")) {
            if (CHAIN.matcher(line).matches()) {
                sections.add(section);
                section = new ArrayList<>();
            } else {
                section.add(line);
            }
        }
        sections.add(section);
        List<ExceptionBlock> chain = new ArrayList<>();
        for (List<String> lines : sections) {
            ExceptionBlock block = parseSection(lines);
            if (block != null) {
                chain.add(block);
            }
        }
        if (chain.isEmpty()) {
            return ParsedStack.NONE;
        }
        // Printed cause first; the chain is listed outermost (the exception finally raised) first.
        Collections.reverse(chain);
        return new ParsedStack("python", chain);
    }

    private ExceptionBlock parseSection(List<String> lines) {
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(TRACEBACK)) {
                start = i + 1;
                break;
            }
        }
        List<StackFrame> frames = new ArrayList<>();
        String type = null;
        StringBuilder message = null;
        boolean sawFrame = false;
        for (String line : lines.subList(start, lines.size())) {
            Matcher frame = FRAME.matcher(line);
            if (frame.matches()) {
                frames.add(frame(frame.group(1), frame.group(2), frame.group(3)));
                sawFrame = true;
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            boolean indented = Character.isWhitespace(line.charAt(0));
            if (message == null && type == null) {
                if (indented) {
                    continue; // source lines and ^^^^ markers under a frame
                }
                Matcher exception = EXCEPTION_LINE.matcher(line.strip());
                if (exception.matches()) {
                    type = exception.group(1);
                    message = new StringBuilder(exception.group(2) == null ? "" : exception.group(2));
                } else {
                    message = new StringBuilder(line.strip());
                }
            } else {
                message.append(message.isEmpty() ? "" : "\n").append(line.strip());
            }
        }
        if (!sawFrame && type == null) {
            return null;
        }
        Collections.reverse(frames); // most recent call last in the text, innermost first here
        return new ExceptionBlock(type, message == null ? null : JavaStackParser.emptyToNull(message.toString()),
                                  frames);
    }

    private StackFrame frame(String path, String line, String function) {
        String module = moduleOf(path);
        return new StackFrame(module, function, path, JavaStackParser.parseLine(line), rules.isInApp(module, path));
    }

    /**
     * A stable module name for a file: the dotted path inside site-packages or the standard library, and for the
     * application's own files the last two path segments, so that the same code deployed under another directory
     * groups the same.
     */
    static String moduleOf(String path) {
        if (path.startsWith("<")) {
            return path;
        }
        String normalized = path.replace('\\', '/');
        String inside = null;
        for (String marker : new String[] {"site-packages/", "dist-packages/"}) {
            int at = normalized.lastIndexOf(marker);
            if (at >= 0) {
                inside = normalized.substring(at + marker.length());
                break;
            }
        }
        if (inside == null) {
            Matcher stdlib = STDLIB.matcher(normalized);
            if (stdlib.matches()) {
                inside = stdlib.group(1);
            }
        }
        if (inside == null) {
            String[] segments = normalized.split("/");
            int from = Math.max(0, segments.length - 2);
            inside = String.join("/", java.util.Arrays.copyOfRange(segments, from, segments.length));
        }
        if (inside.endsWith(".py")) {
            inside = inside.substring(0, inside.length() - 3);
        }
        return inside.replace('/', '.');
    }
}
