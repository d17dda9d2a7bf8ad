package dev.vigil.kernel.plugins;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Watches one directory and asks its owner to reconcile with what is on disk: shortly after any change, and
 * every few seconds anyway, so that a missed event only delays, never loses, a change. The owner answers true
 * when something is still settling (a file being written) and wants another look soon.
 */
public final class DirectoryWatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DirectoryWatcher.class.getName());
    /**
     * Plugin files: events of one copy or rename come within milliseconds, and a half-written archive is recognised
     * as such (the owner says it is settling).
     */
    public static final long QUICK_DEBOUNCE_MILLIS = 20;
    /** Config files: an editor that saves in place truncates, then writes; an empty file must not be read between. */
    public static final long EDITOR_DEBOUNCE_MILLIS = 150;
    private static final long SETTLE_RETRY_MILLIS = 300;
    private static final long RESCAN_MILLIS = 2000;

    private final String name;
    private final Path directory;
    private final BooleanSupplier reconcile;
    private final long debounceMillis;
    private final WatchService watchService;
    private final Thread thread;
    private volatile boolean running = true;

    public DirectoryWatcher(String name, Path directory, long debounceMillis, BooleanSupplier reconcile)
            throws IOException {
        this.name = name;
        this.directory = directory;
        this.reconcile = reconcile;
        this.debounceMillis = debounceMillis;
        Files.createDirectories(directory);
        this.watchService = FileSystems.getDefault().newWatchService();
        directory.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                           StandardWatchEventKinds.ENTRY_DELETE);
        this.thread = Thread.ofPlatform().daemon().name("vigil-watch-" + name).unstarted(this::watchLoop);
    }

    public void start() {
        thread.start();
        LOG.log(System.Logger.Level.INFO, "watching {0} ({1})", directory, name);
    }

    private void watchLoop() {
        long wait = RESCAN_MILLIS;
        while (running) {
            try {
                WatchKey key = watchService.poll(wait, TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                    Thread.sleep(debounceMillis);
                    WatchKey more;
                    while ((more = watchService.poll()) != null) {
                        more.pollEvents();
                        more.reset();
                    }
                }
                boolean settling = reconcileSafely();
                wait = settling ? SETTLE_RETRY_MILLIS : RESCAN_MILLIS;
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
        }
    }

    private boolean reconcileSafely() {
        try {
            return reconcile.getAsBoolean();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "reconciling " + directory + " failed", e);
            return false;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            watchService.close();
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the watch service of {0}: {1}", name, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
