package dev.vigil.plugins.optimizer;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The thread Weka work runs on, owned by this plugin: its context class loader is the plugin's (Weka looks classes
 * up through it), it runs one piece of work at a time, and it is stopped with the plugin. Weka's own training pools
 * (more than one training thread) are made and shut down inside each training.
 */
final class WekaRuntime implements AutoCloseable {

    private final ExecutorService executor;

    private WekaRuntime(ExecutorService executor) {
        this.executor = executor;
    }

    /**
     * Keeps Weka's package manager from writing {@code ~/wekafiles} in the server user's home and from looking for
     * packages online: it runs on first use of any Weka classifier. These are JVM-wide properties; they are only set
     * when the operator has not set them.
     */
    static void prepareEnvironment(Path wekaHome) {
        setIfAbsent("WEKA_HOME", wekaHome.toAbsolutePath().toString());
        setIfAbsent("weka.packageManager.offline", "true");
        setIfAbsent("weka.packageManager.loadPackages", "false");
    }

    static WekaRuntime start(String threadName) {
        ClassLoader pluginLoader = WekaRuntime.class.getClassLoader();
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            thread.setContextClassLoader(pluginLoader);
            return thread;
        });
        return new WekaRuntime(executor);
    }

    /** Runs {@code work} on the Weka thread and waits; an interrupt of the caller cancels (interrupts) the work. */
    <T> T call(Callable<T> work) throws Exception {
        Future<T> future = executor.submit(work);
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for Weka work");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Queues {@code work} without waiting. */
    <T> Future<T> submit(Callable<T> work) {
        return executor.submit(work);
    }

    /** Interrupts running work and waits (bounded) for the thread to end. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
