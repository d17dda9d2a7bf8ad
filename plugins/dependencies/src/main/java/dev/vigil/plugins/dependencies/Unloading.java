package dev.vigil.plugins.dependencies;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.type.TypeFactory;

/**
 * What dependency-check and its libraries leave in JVM-wide places, undone when the plugin stops so the kernel can
 * unload it: JDBC drivers our class loader registered (H2 registers itself when its class loads; dependency-check
 * registers a shim), types in the kernel's shared Jackson type cache (dependency-check makes its own ObjectMappers
 * when it reads NVD or CISA data), and the log levels set for the engine.
 */
final class Unloading {

    /** The engine's loggers, quieter than ours: its INFO lines repeat a disclaimer and a line per analyzer. */
    private static final List<String> ENGINE_LOGGERS = List.of("org.owasp.dependencycheck", "org.apache.lucene");

    private final ClassLoader pluginLoader;
    /** Held strongly: JUL keeps loggers weakly, and a collected logger forgets the level set on it. */
    private final Map<Logger, Level> previousLevels = new LinkedHashMap<>();

    Unloading(ClassLoader pluginLoader) {
        this.pluginLoader = pluginLoader;
    }

    synchronized void engineLogLevel(String level) {
        Level julLevel = switch (level) {
            case "error" -> Level.SEVERE;
            case "info" -> Level.INFO;
            case "debug" -> Level.FINE;
            default -> Level.WARNING;
        };
        for (String name : ENGINE_LOGGERS) {
            Logger logger = Logger.getLogger(name);
            previousLevels.putIfAbsent(logger, logger.getLevel());
            logger.setLevel(julLevel);
        }
    }

    /** Never throws: a stop must finish. Returns the drivers it deregistered. */
    synchronized List<String> release() {
        List<String> released = new ArrayList<>();
        // Listing drivers can itself load one of ours: DriverManager checks each registered driver's visibility with
        // Class.forName(name, initialize=true, ourLoader), and a plugin-first loader then initialises our own copy
        // of that driver (H2 when the kernel's class path also has it), which registers itself. So list again
        // until a pass after the first finds none.
        for (int pass = 0; pass < 4; pass++) {
            List<Driver> ours = DriverManager.drivers()
                    .filter(driver -> driver.getClass().getClassLoader() == pluginLoader).toList();
            for (Driver driver : ours) {
                try {
                    DriverManager.deregisterDriver(driver);
                    released.add(driver.getClass().getName());
                } catch (SQLException | RuntimeException e) {
                    // the class loader stays pinned; nothing else to do
                }
            }
            if (ours.isEmpty() && pass > 0) {
                break;
            }
        }
        TypeFactory.defaultInstance().clearCache();
        previousLevels.forEach(Logger::setLevel);
        previousLevels.clear();
        return released;
    }
}
