package dev.vigil.plugins.dashboard;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * A page as the vitals are grouped: the site (service) and the path with ids folded into {@code {id}}, so that
 * {@code /orders/1234?tab=2} and {@code /orders/98} are one page, and query strings (which may hold e-mail
 * addresses or tokens) are never stored.
 */
record PageKey(String service, String page) {

    static final int MAX_PAGE_LENGTH = 200;
    static final int MAX_SERVICE_LENGTH = 100;
    static final String OTHER = "(other)";

    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{8,}");
    /** Long mixed letters and digits: session ids, slugs with hashes, base64 tokens. */
    private static final Pattern TOKEN = Pattern.compile("(?=.*\\d)(?=.*[A-Za-z])[A-Za-z0-9_\\-=.]{20,}");

    /**
     * The page a browser URL belongs to.
     *
     * @param url     the page's address as the browser knows it (absolute)
     * @param service the site's name given by the page, or null to use the URL's host
     * @throws IllegalArgumentException when the URL is not an absolute http(s) address
     */
    static PageKey of(String url, String service) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("must be an absolute http(s) URL");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("must be an absolute http(s) URL");
        }
        String site = service != null && !service.isBlank() ? service.trim()
                : uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        if (site.length() > MAX_SERVICE_LENGTH) {
            site = site.substring(0, MAX_SERVICE_LENGTH);
        }
        return new PageKey(site, normalisePath(uri.getRawPath()));
    }

    static String normalisePath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
            return "/";
        }
        StringBuilder path = new StringBuilder();
        for (String segment : rawPath.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            path.append('/').append(isId(segment) ? "{id}" : segment);
        }
        if (path.isEmpty()) {
            return "/";
        }
        return path.length() > MAX_PAGE_LENGTH ? path.substring(0, MAX_PAGE_LENGTH) : path.toString();
    }

    private static boolean isId(String segment) {
        return NUMBER.matcher(segment).matches() || UUID.matcher(segment).matches()
                || (HEX.matcher(segment).matches() && segment.chars().anyMatch(Character::isDigit))
                || TOKEN.matcher(segment).matches();
    }
}
