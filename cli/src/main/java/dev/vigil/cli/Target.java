package dev.vigil.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server and the token a command talks with, and where the token came from, so that a refusal can say which
 * token was refused without ever showing it.
 *
 * @param token       null when none was found
 * @param tokenSource "--token", "VIGIL_TOKEN", the file's path, or a sentence saying none was found
 */
record Target(String url, String token, String tokenSource) {

    static final String DEFAULT_URL = "http://localhost:8080";

    /** From the options (the command's own first, then its parents'), the environment, then the defaults. */
    static Target resolve(String urlOption, String tokenOption, Environment environment) {
        String url = urlOption != null ? urlOption : environment.variable("VIGIL_URL");
        return new Target(checkedUrl(url == null ? DEFAULT_URL : url, urlOption != null ? "--url" : "VIGIL_URL"),
                          null, null).withToken(tokenOption, environment);
    }

    private Target withToken(String tokenOption, Environment environment) {
        if (tokenOption != null) {
            return new Target(url, tokenOption.trim(), "--token");
        }
        String fromVariable = environment.variable("VIGIL_TOKEN");
        if (fromVariable != null) {
            return new Target(url, fromVariable.trim(), "VIGIL_TOKEN");
        }
        Path file = environment.dataDir().resolve("admin.token");
        try {
            if (Files.isReadable(file)) {
                String fromFile = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!fromFile.isEmpty()) {
                    return new Target(url, fromFile, file.toString());
                }
            }
        } catch (java.io.IOException | SecurityException unreadable) {
            // as if absent: the refusal will say where tokens are looked for
        }
        return new Target(url, null, "no token given (--token, VIGIL_TOKEN, or a readable " + file + ")");
    }

    /** An http or https URL with a host, without a trailing slash; anything else is a usage error naming it. */
    static String checkedUrl(String text, String where) {
        String trimmed = text.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = new URI(trimmed);
            if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http")
                    || uri.getScheme().equalsIgnoreCase("https")) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new URISyntaxException(trimmed, "not an http(s) URL with a host");
            }
        } catch (URISyntaxException e) {
            throw Failure.usage(where + ": '" + text + "' is not a server URL such as http://localhost:8080");
        }
        return trimmed;
    }
}
