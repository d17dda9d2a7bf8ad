package dev.vigil.kernel.plugins;

import java.util.Optional;

import org.pf4j.DefaultVersionManager;
import org.pf4j.VersionManager;

/**
 * Whether a plugin was built for the plugin API this kernel carries: its {@code Plugin-Requires} (a semver range in
 * PF4J's expressions, e.g. {@code ^0.1.0} or {@code >=0.1.0 & <0.2.0}) must admit the API's version. A plugin
 * refused here would otherwise fail later and less clearly, with a {@code NoSuchMethodError} at its first request.
 */
record ApiCompatibility(String apiVersion, VersionManager versions) {

    ApiCompatibility(String apiVersion) {
        this(apiVersion, new DefaultVersionManager());
    }

    /** Why the plugin may not run here, or nothing; a plugin without Plugin-Requires (older builds) runs. */
    Optional<String> refusal(String requires) {
        if (requires == null || requires.isBlank() || requires.trim().equals("*")) {
            return Optional.empty();
        }
        boolean admitted;
        try {
            admitted = versions.checkVersionConstraint(apiVersion, requires.trim());
        } catch (RuntimeException e) {
            return Optional.of("its Plugin-Requires '" + requires + "' is not a version range (e.g. ^" + apiVersion
                                       + "): " + e.getMessage());
        }
        return admitted ? Optional.empty()
                : Optional.of("built for Vigil plugin API " + requires.trim() + " (Plugin-Requires), but this server "
                                      + "has plugin API " + apiVersion + ": rebuild the plugin against "
                                      + "dev.vigil:vigil-plugin-parent of this server's version");
    }
}
