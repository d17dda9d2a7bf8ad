package dev.vigil.plugins.otlp;

import java.util.regex.Pattern;

/** Whether a text is an IP address (and not a host name, which would need a lookup to be one). */
final class IpLiteral {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]{2,45}(%[0-9A-Za-z_.-]+)?");

    private IpLiteral() {
    }

    static boolean is(String text) {
        var v4 = IPV4.matcher(text);
        if (v4.matches()) {
            for (int group = 1; group <= 4; group++) {
                if (Integer.parseInt(v4.group(group)) > 255) {
                    return false;
                }
            }
            return true;
        }
        return text.indexOf(':') >= 0 && IPV6.matcher(text).matches();
    }
}
