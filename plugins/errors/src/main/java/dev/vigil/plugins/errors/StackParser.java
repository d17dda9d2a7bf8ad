package dev.vigil.plugins.errors;

import java.util.regex.Pattern;

/**
 * Reads a raw stack string in whichever of the supported formats it is written: Java, Python or JavaScript (V8,
 * Firefox, Safari). The format is chosen by which kind of frame line the text holds most of.
 */
final class StackParser {

    private static final Pattern GECKO_LOCATION = Pattern.compile("^[^@\\s]*(?:\\s[^@]*)?@[^@]*(?::\\d+|\\[native code\\])\\s*$");

    private final JavaStackParser java;
    private final PythonStackParser python;
    private final JavaScriptStackParser javaScript;

    StackParser(InAppRules rules) {
        this.java = new JavaStackParser(rules);
        this.python = new PythonStackParser(rules);
        this.javaScript = new JavaScriptStackParser(rules);
    }

    ParsedStack parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return ParsedStack.NONE;
        }
        int javaFrames = 0;
        int pythonFrames = 0;
        int javaScriptFrames = 0;
        for (String line : raw.split("\\R")) {
            // Cheap tests first: most lines of a long trace are told apart by how they start.
            String text = line.strip();
            if (text.startsWith("at ")) {
                if (JavaStackParser.FRAME.matcher(line).matches()) {
                    javaFrames++;
                } else {
                    javaScriptFrames++;
                }
            } else if (text.startsWith("File \"") && PythonStackParser.FRAME.matcher(line).matches()) {
                pythonFrames++;
            } else if (text.equals("[native code]")
                    || (text.indexOf('@') >= 0 && GECKO_LOCATION.matcher(line).matches())) {
                javaScriptFrames++;
            }
        }
        if (raw.contains(PythonStackParser.TRACEBACK)) {
            pythonFrames++;
        }
        if (javaFrames == 0 && pythonFrames == 0 && javaScriptFrames == 0) {
            return ParsedStack.NONE;
        }
        if (pythonFrames >= javaFrames && pythonFrames >= javaScriptFrames) {
            return python.parse(raw);
        }
        return javaFrames >= javaScriptFrames ? java.parse(raw) : javaScript.parse(raw);
    }
}
