package dev.vigil.kernel.plugins;

import java.nio.file.Path;

import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginStatusProvider;
import org.pf4j.RuntimeMode;

/**
 * PF4J's manager, used only to load, start, stop and unload one plugin at a time from a private working copy
 * (see {@link PluginWorkspace}); the kernel decides what to load, so PF4J never scans a directory itself.
 */
final class VigilPluginManager extends DefaultPluginManager {

    VigilPluginManager(Path workDir) {
        super(workDir);
    }

    @Override
    public RuntimeMode getRuntimeMode() {
        return RuntimeMode.DEPLOYMENT;
    }

    /** Every plugin the kernel loads is wanted: no enabled.txt / disabled.txt files. */
    @Override
    protected PluginStatusProvider createPluginStatusProvider() {
        return new PluginStatusProvider() {
            @Override
            public boolean isPluginDisabled(String pluginId) {
                return false;
            }

            @Override
            public void disablePlugin(String pluginId) {
                // the kernel's own stop/start replaces PF4J's persistent disabling
            }

            @Override
            public void enablePlugin(String pluginId) {
                // see disablePlugin
            }
        };
    }
}
