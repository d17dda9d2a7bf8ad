package dev.vigil.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this plugin API, as the kernel holds it against each plugin's {@code Plugin-Requires} (a semver
 * range such as {@code ^0.1.0}, written by {@code vigil-plugin-parent}).
 */
public final class ApiVersion {

    private static final String CURRENT = read();

    private ApiVersion() {
    }

    /**
     * The API's release version without a qualifier: {@code 0.1.0} for a {@code 0.1.0-SNAPSHOT} build, since in
     * semver a pre-release sorts below its release and would fall outside {@code ^0.1.0}.
     */
    public static String current() {
        return CURRENT;
    }

    private static String read() {
        try (InputStream in = ApiVersion.class.getResourceAsStream("api-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("api-version.properties is missing from the plugin API jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            return withoutQualifier(properties.getProperty("version"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String withoutQualifier(String version) {
        int dash = version.indexOf('-');
        return dash < 0 ? version : version.substring(0, dash);
    }
}
