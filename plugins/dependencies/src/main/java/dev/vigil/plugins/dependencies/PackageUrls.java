package dev.vigil.plugins.dependencies;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Name and version read from a package URL ({@code pkg:npm/%40babel/core@7.24.0}, {@code pkg:pypi/django@4.2.1}).
 * Tools spell scoped npm names three ways ({@code %40babel/core}, {@code @babel/core}, {@code %40babel%2Fcore});
 * all read as {@code @babel/core}.
 */
final class PackageUrls {

    private PackageUrls() {
    }

    /** The decoded name with its namespace ({@code @babel/core}, {@code django}); null if there is none. */
    static String name(String purl) {
        String[] parts = split(purl);
        return parts == null || parts[0].isEmpty() ? null : parts[0];
    }

    /** The decoded version, or null. */
    static String version(String purl) {
        String[] parts = split(purl);
        return parts == null ? null : parts[1];
    }

    /** {name, version or null} of {@code pkg:<type>/<namespace/name>@<version>?<qualifiers>#<subpath>}. */
    private static String[] split(String purl) {
        if (purl == null || !purl.startsWith("pkg:")) {
            return null;
        }
        int slash = purl.indexOf('/', 4);
        if (slash < 0) {
            return null;
        }
        String path = purl.substring(slash + 1);
        for (char end : new char[] {'#', '?'}) {
            int at = path.indexOf(end);
            if (at >= 0) {
                path = path.substring(0, at);
            }
        }
        int at = path.lastIndexOf('@');
        String version = null;
        // a literal '@' of a scope is the first character, before the name's '/': not a version separator
        if (at > 0 && at > path.lastIndexOf('/')) {
            version = decode(path.substring(at + 1));
            path = path.substring(0, at);
        }
        return new String[] {decode(path), version == null || version.isEmpty() ? null : version};
    }

    /** Percent-decoding only: a '+' in a version ({@code 1.0+local}) stays a '+'. */
    private static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); ) {
            if (text.charAt(i) == '%' && i + 2 < text.length() && isHex(text.charAt(i + 1))
                    && isHex(text.charAt(i + 2))) {
                bytes.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
                i += 3;
            } else {
                int codePoint = text.codePointAt(i);
                byte[] raw = Character.toString(codePoint).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
                i += Character.charCount(codePoint);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
