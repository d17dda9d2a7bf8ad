package dev.vigil.plugins.otlp;

import java.util.HexFormat;

import com.google.protobuf.ByteString;

/** Trace and span ids: bytes on the wire, lower-case hex everywhere else. */
final class Ids {

    static final int TRACE_ID_BYTES = 16;
    static final int SPAN_ID_BYTES = 8;
    private static final HexFormat HEX = HexFormat.of();

    private Ids() {
    }

    /** The hex form of a valid id of {@code length} bytes (not all zero), else null. */
    static String hex(ByteString id, int length) {
        if (id.size() != length) {
            return null;
        }
        boolean zero = true;
        for (int i = 0; i < length && zero; i++) {
            zero = id.byteAt(i) == 0;
        }
        return zero ? null : HEX.formatHex(id.toByteArray());
    }

    /** Whether {@code text} is {@code bytes} bytes of lower- or upper-case hex. */
    static boolean isHex(String text, int bytes) {
        if (text == null || text.length() != bytes * 2) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** A stable number from a trace id, for sampling: its last 16 hex digits, which W3C ids keep random. */
    static long randomPart(String traceId) {
        return Long.parseUnsignedLong(traceId.substring(traceId.length() - 16), 16);
    }
}
