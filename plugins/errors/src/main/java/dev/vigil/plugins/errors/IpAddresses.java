package dev.vigil.plugins.errors;

import java.util.regex.Pattern;

/** IP address literals, checked without ever resolving a name. */
final class IpAddresses {

    private static final Pattern IPV4 = Pattern.compile(
            "^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("^[0-9a-fA-F:.]+$");

    private IpAddresses() {
    }

    /** True for an IPv4 or IPv6 literal; a host name is never one (so InetAddress will not look it up). */
    static boolean isLiteral(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return false;
        }
        if (IPV4.matcher(text).matches()) {
            return true;
        }
        if (!text.contains(":") || !IPV6_CHARACTERS.matcher(text).matches()) {
            return false;
        }
        try {
            // With a colon and only hex digits, dots and colons, the JDK parses it as a literal, never via DNS.
            java.net.InetAddress.getByName(text);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
