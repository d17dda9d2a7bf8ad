package dev.vigil.kernel;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import dev.vigil.kernel.config.ConfigException;
import dev.vigil.kernel.logging.LogSetup;
import dev.vigil.kernel.logging.VigilLogManager;

/**
 * Starts Vigil from {@code <home>/config/vigil.yaml} and the environment. The home is the {@code vigil.home}
 * system property (set by {@code bin/vigil}) or the working directory; {@code VIGIL_CONFIG_DIR} moves the config.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        // Before anything touches java.util.logging: see VigilLogManager.
        System.setProperty("java.util.logging.manager", VigilLogManager.class.getName());
        Path home = Path.of(System.getProperty("vigil.home", "")).toAbsolutePath().normalize();
        String configDir = System.getenv("VIGIL_CONFIG_DIR");
        Path config = configDir == null || configDir.isBlank() ? home.resolve("config") : home.resolve(configDir);
        KernelSettings settings;
        try {
            settings = KernelSettings.load(home, config, System.getenv());
        } catch (ConfigException e) {
            System.err.println("vigil: cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        LogSetup.configure(settings.logLevel(), settings.logFormat());
        VigilLogManager.keepHandlersUntilExit();
        Vigil vigil;
        try {
            vigil = Vigil.builder().settings(settings).start();
        } catch (Exception e) {
            System.getLogger(Main.class.getName()).log(System.Logger.Level.ERROR, "Vigil could not start: "
                    + e.getMessage(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.Logger log = System.getLogger(Main.class.getName());
            log.log(System.Logger.Level.INFO, "stopping");
            vigil.close();
            log.log(System.Logger.Level.INFO, "stopped");
            stopped.countDown();
        }, "vigil-shutdown"));
        stopped.await();
    }
}
