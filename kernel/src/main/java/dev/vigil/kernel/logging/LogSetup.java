package dev.vigil.kernel.logging;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.time.Instant;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One log line per event on standard error, as text ({@code time LEVEL [logger] message}) or JSON objects,
 * for the kernel, Helidon, PF4J (through SLF4J) and every plugin alike. Messages and exception messages are
 * escaped ({@link LogText}): a value from outside can never start a line of its own.
 */
public final class LogSetup {

    private LogSetup() {
    }

    public static void configure(String level, String format) {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        Level julLevel = switch (level.toLowerCase(Locale.ROOT)) {
            case "debug" -> Level.FINE;
            case "trace" -> Level.FINEST;
            case "warn", "warning" -> Level.WARNING;
            case "error" -> Level.SEVERE;
            default -> Level.INFO;
        };
        ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(julLevel);
        handler.setFormatter("json".equalsIgnoreCase(format) ? new JsonLines() : new TextLines());
        root.addHandler(handler);
        root.setLevel(julLevel);
        // Helidon announces every feature at INFO; its warnings still show.
        Logger.getLogger("io.helidon.common.features").setLevel(Level.WARNING);
        Logger.getLogger("com.zaxxer.hikari").setLevel(Level.WARNING);
    }

    private static String levelName(Level level) {
        if (level.intValue() >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (level.intValue() >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (level.intValue() >= Level.INFO.intValue()) {
            return "INFO";
        }
        return "DEBUG";
    }

    /**
     * A stack trace like {@link Throwable#printStackTrace()}, except that each exception's message is escaped: they
     * often quote input ("unknown service 'x'"), and the only line breaks left are the trace's own.
     */
    static String stack(Throwable error) {
        StringBuilder text = new StringBuilder(1024);
        appendTrace(error, "", text, Collections.newSetFromMap(new IdentityHashMap<>()));
        return text.toString();
    }

    private static void appendTrace(Throwable error, String caption, StringBuilder text, Set<Throwable> seen) {
        if (!seen.add(error)) {
            text.append(caption).append("[circular reference: ").append(LogText.escape(error.toString())).append("]\n");
            return;
        }
        text.append(caption).append(LogText.escape(error.toString())).append('\n');
        for (StackTraceElement frame : error.getStackTrace()) {
            text.append("\tat ").append(frame).append('\n');
        }
        for (Throwable suppressed : error.getSuppressed()) {
            appendTrace(suppressed, "\tSuppressed: ", text, seen);
        }
        if (error.getCause() != null) {
            appendTrace(error.getCause(), "Caused by: ", text, seen);
        }
    }

    /** {@code 2026-11-23T10:15:30.123Z INFO  [vigil.requests] message}. */
    static final class TextLines extends Formatter {
        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder(160)
                    .append(Instant.ofEpochMilli(record.getMillis()))
                    .append(' ').append(String.format("%-5s", levelName(record.getLevel())))
                    .append(" [").append(LogText.escape(record.getLoggerName())).append("] ")
                    .append(LogText.escape(formatMessage(record))).append('\n');
            if (record.getThrown() != null) {
                line.append(stack(record.getThrown()));
            }
            return line.toString();
        }
    }

    /** One JSON object per line: time, level, logger, message and error. */
    static final class JsonLines extends Formatter {
        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder(200).append("{\"time\":\"")
                    .append(Instant.ofEpochMilli(record.getMillis())).append("\",\"level\":\"")
                    .append(levelName(record.getLevel())).append("\",\"logger\":")
                    .append(quote(record.getLoggerName())).append(",\"message\":")
                    .append(quote(LogText.escape(formatMessage(record))));
            if (record.getThrown() != null) {
                line.append(",\"error\":").append(quote(stack(record.getThrown())));
            }
            return line.append("}\n").toString();
        }

        private static String quote(String text) {
            if (text == null) {
                return "null";
            }
            StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '"' -> quoted.append("\\\"");
                    case '\\' -> quoted.append("\\\\");
                    case '\n' -> quoted.append("\\n");
                    case '\r' -> quoted.append("\\r");
                    case '\t' -> quoted.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            quoted.append(String.format("\\u%04x", (int) c));
                        } else {
                            quoted.append(c);
                        }
                    }
                }
            }
            return quoted.append('"').toString();
        }
    }
}
