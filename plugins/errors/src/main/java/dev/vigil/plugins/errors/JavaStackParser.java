package dev.vigil.plugins.errors;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.vigil.api.events.StackFrame;

/**
 * Java (and other JVM languages') {@code printStackTrace} output: a header line {@code type: message}, frames
 * {@code at pkg.Class.method(File.java:42)}, {@code Caused by:} blocks whose {@code ... N more} stands for the last N
 * frames of the enclosing trace, and {@code Suppressed:} blocks, which are skipped.
 */
final class JavaStackParser {

    static final Pattern FRAME = Pattern.compile("^\\s*at\\s+([^\\s(]+)\\((.*)\\)\\s*$");
    private static final Pattern MORE = Pattern.compile("^\\s*\\.\\.\\.\\s*(\\d+)\\s+(?:more|common frames omitted)\\s*$");
    private static final Pattern CAUSED_BY = Pattern.compile("^(\\s*)Caused by:\\s*(.*)$");
    private static final Pattern SUPPRESSED = Pattern.compile("^(\\s*)Suppressed:\\s*(.*)$");
    private static final Pattern HEADER = Pattern.compile(
            "^(?:Exception in thread \".*?\"\\s+)?([A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*)(?::\\s?(.*))?$");
    private static final Pattern LOCATION = Pattern.compile("^(.*?)(?::(\\d+))?$");

    private final InAppRules rules;

    JavaStackParser(InAppRules rules) {
        this.rules = rules;
    }

    ParsedStack parse(String raw) {
        List<Block> blocks = new ArrayList<>();
        List<String> beforeFirstFrame = new ArrayList<>();
        Block current = null;
        int suppressedIndent = -1;
        for (String line : raw.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int indent = indentOf(line);
            Matcher causedBy = CAUSED_BY.matcher(line);
            Matcher suppressed = SUPPRESSED.matcher(line);
            if (suppressedIndent >= 0) {
                // Inside a suppressed exception: its frames are indented deeper, its causes at least as deep.
                boolean causeOfSuppressed = (causedBy.matches() || suppressed.matches()) && indent >= suppressedIndent;
                boolean deeper = indent > suppressedIndent && !causedBy.matches();
                if (causeOfSuppressed || deeper) {
                    continue;
                }
                suppressedIndent = -1;
            }
            if (suppressed.matches()) {
                suppressedIndent = indent;
                continue;
            }
            if (causedBy.matches()) {
                current = Block.fromHeader(causedBy.group(2));
                blocks.add(current);
                continue;
            }
            Matcher frame = line.stripLeading().startsWith("at ") ? FRAME.matcher(line) : null;
            if (frame != null && frame.matches()) {
                if (current == null) {
                    current = Block.fromLinesBeforeFrames(beforeFirstFrame);
                    blocks.add(current);
                }
                current.frames.add(frame(frame.group(1), frame.group(2)));
                continue;
            }
            Matcher more = MORE.matcher(line);
            if (more.matches()) {
                if (current != null) {
                    current.omitted = Integer.parseInt(more.group(1));
                }
                continue;
            }
            if (current == null) {
                beforeFirstFrame.add(line.strip());
            } else if (current.frames.isEmpty()) {
                current.message = current.message == null ? line.strip() : current.message + "\n" + line.strip();
            }
        }
        if (blocks.isEmpty()) {
            return ParsedStack.NONE;
        }
        List<ExceptionBlock> chain = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            List<StackFrame> frames = new ArrayList<>(block.frames);
            if (block.omitted > 0 && i > 0) {
                // "... N more": the last N frames are those of the enclosing exception's trace.
                List<StackFrame> enclosing = chain.get(i - 1).frames();
                frames.addAll(enclosing.subList(Math.max(0, enclosing.size() - block.omitted), enclosing.size()));
            }
            chain.add(new ExceptionBlock(block.type, block.message, frames));
        }
        return new ParsedStack("java", chain);
    }

    private StackFrame frame(String symbol, String location) {
        // java.base/java.lang.Thread.run and app//com.shop.Cart.add: drop the module or class-loader name.
        String qualified = symbol.substring(symbol.lastIndexOf('/') + 1);
        int dot = qualified.lastIndexOf('.');
        String module = dot > 0 ? qualified.substring(0, dot) : null;
        String function = dot > 0 ? qualified.substring(dot + 1) : qualified;
        String file = null;
        Integer line = null;
        if (!location.equals("Native Method") && !location.equals("Unknown Source") && !location.isBlank()) {
            Matcher where = LOCATION.matcher(location.trim());
            if (where.matches()) {
                file = where.group(1);
                line = where.group(2) == null ? null : parseLine(where.group(2));
            }
        }
        return new StackFrame(module, function, file, line, rules.isInApp(module, file));
    }

    static Integer parseLine(String digits) {
        try {
            return Integer.valueOf(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int indentOf(String line) {
        int indent = 0;
        while (indent < line.length() && Character.isWhitespace(line.charAt(indent))) {
            indent++;
        }
        return indent;
    }

    /** A block while it is being read. */
    private static final class Block {
        String type;
        String message;
        final List<StackFrame> frames = new ArrayList<>();
        int omitted;

        static Block fromHeader(String header) {
            Block block = new Block();
            Matcher matcher = HEADER.matcher(header.strip());
            if (matcher.matches()) {
                block.type = matcher.group(1);
                block.message = emptyToNull(matcher.group(2));
            } else {
                block.message = emptyToNull(header.strip());
            }
            return block;
        }

        /**
         * The header is the first line naming an exception type (qualified, or ending in Exception or Error);
         * what a logger printed before it is ignored, and the lines after it continue the message.
         */
        static Block fromLinesBeforeFrames(List<String> lines) {
            for (int i = 0; i < lines.size(); i++) {
                Matcher matcher = HEADER.matcher(lines.get(i));
                if (matcher.matches() && looksLikeType(matcher.group(1))) {
                    Block block = new Block();
                    block.type = matcher.group(1);
                    StringBuilder message = new StringBuilder(matcher.group(2) == null ? "" : matcher.group(2));
                    for (String continuation : lines.subList(i + 1, lines.size())) {
                        message.append(message.isEmpty() ? "" : "\n").append(continuation);
                    }
                    block.message = emptyToNull(message.toString());
                    return block;
                }
            }
            Block block = new Block();
            block.message = lines.isEmpty() ? null : emptyToNull(String.join("\n", lines));
            return block;
        }

        private static boolean looksLikeType(String type) {
            return type.contains(".") || type.endsWith("Exception") || type.endsWith("Error")
                    || type.endsWith("Throwable");
        }
    }

    static String emptyToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
