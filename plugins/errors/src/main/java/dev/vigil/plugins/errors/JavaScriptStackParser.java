package dev.vigil.plugins.errors;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.vigil.api.events.StackFrame;

/**
 * JavaScript {@code error.stack} strings. V8 (Chrome, Edge, Node.js): a {@code Type: message} line, then
 * {@code at function (url:line:column)} or {@code at url:line:column}. Firefox and Safari: frames only,
 * {@code function@url:line:column}, with an empty function for anonymous code and {@code [native code]} for builtins.
 */
final class JavaScriptStackParser {

    static final Pattern V8_FRAME = Pattern.compile("^\\s*at\\s+(.*\\S)\\s*$");
    static final Pattern GECKO_FRAME = Pattern.compile("^\\s*([^@\\s]*(?:\\s[^@]*)?)@([^@]*\\S)\\s*$");
    private static final Pattern LOCATION = Pattern.compile("^(.*?):(\\d+)(?::(\\d+))?$");
    private static final Pattern HEADER = Pattern.compile("^(?:Uncaught\\s+(?:\\(in promise\\)\\s+)?)?"
                                                                  + "([A-Za-z_$][\\w$.]*)(?::\\s?(.*))?$");
    private static final Pattern URL_ORIGIN = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*");
    private static final Pattern BUNDLE_HASH = Pattern.compile("[.\\-_](?=[0-9a-f]*\\d)[0-9a-f]{6,}(?=\\.)");

    private final InAppRules rules;

    JavaScriptStackParser(InAppRules rules) {
        this.rules = rules;
    }

    ParsedStack parse(String raw) {
        List<StackFrame> frames = new ArrayList<>();
        List<String> header = new ArrayList<>();
        for (String line : raw.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            boolean startsWithAt = line.stripLeading().startsWith("at ");
            if (startsWithAt && JavaStackParser.FRAME.matcher(line).matches()) {
                // A JVM frame in a mixed log is not ours to read.
                continue;
            }
            Matcher v8 = startsWithAt ? V8_FRAME.matcher(line) : null;
            if (v8 != null && v8.matches()) {
                frames.add(v8Frame(v8.group(1)));
                continue;
            }
            if (line.strip().equals("[native code]")) {
                frames.add(frame(null, "[native code]", null));
                continue;
            }
            Matcher gecko = line.indexOf('@') >= 0 ? GECKO_FRAME.matcher(line) : null;
            if (gecko != null && gecko.matches() && looksLikeLocation(gecko.group(2))) {
                frames.add(geckoFrame(gecko.group(1), gecko.group(2)));
                continue;
            }
            if (frames.isEmpty()) {
                header.add(line.strip());
            }
        }
        if (frames.isEmpty()) {
            return ParsedStack.NONE;
        }
        String type = null;
        String message = null;
        if (!header.isEmpty()) {
            Matcher matcher = HEADER.matcher(header.getFirst());
            if (matcher.matches() && (matcher.group(2) != null || matcher.group(1).endsWith("Error"))) {
                type = matcher.group(1);
                List<String> rest = new ArrayList<>();
                if (matcher.group(2) != null) {
                    rest.add(matcher.group(2));
                }
                rest.addAll(header.subList(1, header.size()));
                message = JavaStackParser.emptyToNull(String.join("\n", rest));
            } else {
                message = String.join("\n", header);
            }
        }
        return new ParsedStack("javascript", List.of(new ExceptionBlock(type, message, frames)));
    }

    private StackFrame v8Frame(String content) {
        String function = null;
        String location = content;
        if (content.endsWith(")")) {
            int open = content.indexOf(" (");
            if (open > 0) {
                function = content.substring(0, open);
                location = content.substring(open + 2, content.length() - 1);
            }
        }
        if (function != null) {
            function = function.replaceFirst("^(?:async\\s+)?(?:new\\s+)?", "");
        }
        if (location.equals("native") || location.matches("index \\d+")) {
            // Built-ins: "at Array.forEach (native)", "at async Promise.all (index 0)".
            return frame(function, "native", null);
        }
        if (location.startsWith("eval at ")) {
            // "eval at fn (url:1:2), <anonymous>:3:4": the eval'd code has no file of its own.
            int comma = location.lastIndexOf(", ");
            location = comma > 0 ? location.substring(comma + 2) : location;
        }
        return frameAt(function, location);
    }

    private StackFrame geckoFrame(String function, String location) {
        // Firefox names nested anonymous functions "outer/<" or "outer/inner<": keep the named part.
        String name = function == null ? "" : function.strip();
        name = name.replaceAll("/<$", "").replaceAll("<$", "");
        int slash = name.lastIndexOf('/');
        if (slash >= 0 && slash < name.length() - 1) {
            name = name.substring(slash + 1);
        }
        return frameAt(name.isEmpty() ? null : name, location);
    }

    private StackFrame frameAt(String function, String location) {
        Matcher where = LOCATION.matcher(location);
        if (where.matches()) {
            return frame(function, where.group(1), JavaStackParser.parseLine(where.group(2)));
        }
        return frame(function, location, null);
    }

    private StackFrame frame(String function, String file, Integer line) {
        String module = moduleOf(file);
        return new StackFrame(module, function, file, line, rules.isInApp(module, file));
    }

    private static boolean looksLikeLocation(String location) {
        return location.contains(":") || location.contains("/") || location.equals("[native code]");
    }

    /**
     * A stable module name for a script: its path without origin, query, fragment or the content hash bundlers put
     * in file names, so that a redeployed bundle ({@code app.3f2a1b.js} becoming {@code app.9c8d7e.js}) groups the same.
     */
    static String moduleOf(String file) {
        if (file == null) {
            return null;
        }
        String module = file.replaceFirst("^webpack-internal:///", "").replaceFirst("^webpack://[^/]*", "");
        module = URL_ORIGIN.matcher(module).replaceFirst("");
        int cut = indexOfAny(module, '?', '#');
        if (cut >= 0) {
            module = module.substring(0, cut);
        }
        return BUNDLE_HASH.matcher(module).replaceAll("");
    }

    private static int indexOfAny(String text, char... characters) {
        int first = -1;
        for (char c : characters) {
            int at = text.indexOf(c);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }
}
