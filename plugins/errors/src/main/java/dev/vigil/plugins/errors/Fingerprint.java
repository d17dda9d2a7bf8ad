package dev.vigil.plugins.errors;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import dev.vigil.api.events.StackFrame;

/**
 * The grouping key of an error: occurrences with equal fingerprints (within one service) are one group.
 *
 * @param hash    32 hex characters
 * @param basis   what it was computed from: {@code client} (the client's own key), {@code stack} (exception types
 *                and in-app frames) or {@code message} (type and masked message)
 * @param culprit where the fault is, for people: the innermost in-app frame of the root cause, or null
 */
record Fingerprint(String hash, String basis, String culprit) {

    /** Frames taken from a chain without in-app frames, per exception: the innermost ones say most. */
    static final int FRAMES_WITHOUT_IN_APP = 30;
    private static final Pattern NUMBERED_SUFFIX = Pattern.compile("\\$\\d+");
    private static final Pattern GENERATED_CLASS = Pattern.compile("\\$\\$.*$");

    /**
     * @param exceptionType the type the event reports for its outermost exception
     * @param chain         the exception chain, outermost first
     */
    static Fingerprint of(String exceptionType, String message, List<ExceptionBlock> chain, String clientFingerprint) {
        String culprit = culprit(chain);
        if (clientFingerprint != null && !clientFingerprint.isBlank()) {
            return new Fingerprint(sha256("client\n" + clientFingerprint), "client", culprit);
        }
        boolean anyInApp = chain.stream().flatMap(b -> b.frames().stream()).anyMatch(StackFrame::inApp);
        StringBuilder key = new StringBuilder();
        int framesUsed = 0;
        for (int i = 0; i < chain.size(); i++) {
            ExceptionBlock block = chain.get(i);
            String type = i == 0 && exceptionType != null ? exceptionType : block.type();
            key.append("type ").append(type == null ? "" : type).append('\n');
            List<StackFrame> frames = new ArrayList<>();
            for (StackFrame frame : block.frames()) {
                if (anyInApp ? frame.inApp() : frames.size() < FRAMES_WITHOUT_IN_APP) {
                    frames.add(frame);
                }
            }
            for (StackFrame frame : frames) {
                // Line numbers are left out on purpose: they move with every edit of the file. An anonymous
                // function (an arrow handler in JavaScript) is known only by where it is, so it keeps its line:
                // without it every error thrown from the handlers of one file would be one group.
                key.append("  ").append(normalizeModule(frame)).append(' ').append(normalizeFunction(frame.function()));
                if (isAnonymous(frame.function()) && frame.line() != null) {
                    key.append(" @").append(frame.line());
                }
                key.append('\n');
                framesUsed++;
            }
        }
        if (framesUsed > 0) {
            return new Fingerprint(sha256("stack\n" + key), "stack", culprit);
        }
        String type = exceptionType != null ? exceptionType : chain.isEmpty() ? null : chain.getFirst().type();
        return new Fingerprint(sha256("message\n" + (type == null ? "" : type) + "\n" + MessageMasker.mask(message)),
                               "message", culprit);
    }

    /** The innermost in-app frame of the root cause (else of any exception of the chain), as "module in function". */
    static String culprit(List<ExceptionBlock> chain) {
        for (int i = chain.size() - 1; i >= 0; i--) {
            for (StackFrame frame : chain.get(i).frames()) {
                if (frame.inApp()) {
                    return describe(frame);
                }
            }
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            if (!chain.get(i).frames().isEmpty()) {
                return describe(chain.get(i).frames().getFirst());
            }
        }
        return null;
    }

    private static String describe(StackFrame frame) {
        String where = frame.module() != null ? frame.module() : frame.file();
        if (isAnonymous(frame.function()) && where != null && frame.line() != null) {
            return where + ":" + frame.line();
        }
        String function = isAnonymous(frame.function()) ? "?" : frame.function();
        return where == null ? function : where + " in " + function;
    }

    private static boolean isAnonymous(String function) {
        return function == null || function.isBlank() || function.equals("<anonymous>");
    }

    /** Generated class names ({@code Foo$$Lambda/0x...}, CGLIB proxies) and anonymous class numbers vary by build. */
    private static String normalizeModule(StackFrame frame) {
        String module = frame.module() != null ? frame.module() : frame.file();
        if (module == null) {
            return "?";
        }
        module = GENERATED_CLASS.matcher(module).replaceFirst("");
        return NUMBERED_SUFFIX.matcher(module).replaceAll("\\$");
    }

    /** {@code lambda$handle$0} and friends: the number is the compiler's, not the code's. */
    private static String normalizeFunction(String function) {
        if (function == null || function.isBlank()) {
            return "?";
        }
        return NUMBERED_SUFFIX.matcher(function).replaceAll("\\$");
    }

    /** The first 128 bits of the SHA-256 of {@code text}, in hex. */
    static String sha256(String text) {
        try {
            // Cloning a prototype skips the provider lookup of getInstance, which costs more than hashing a key.
            MessageDigest digest = (MessageDigest) SHA_256.clone();
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }

    private static final MessageDigest SHA_256 = newSha256();

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
