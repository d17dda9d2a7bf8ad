package dev.vigil.plugins.system;

import java.lang.reflect.Field;

/**
 * Stops JNA's cleaner thread when the plugin stops. JNA starts one daemon thread per copy of JNA (here: per plugin
 * class loader) and keeps it while any native memory it tracks is still registered, which in practice is
 * forever: the live thread then pins the plugin's class loader after an unload, one more per reload (JNA issue
 * #1521, OSHI issue #3053; JNA offers no way to stop it).
 *
 * <p>The thread is interrupted, which JNA's loop treats as shutdown, and JNA's reference to it is cleared under
 * JNA's own locks, in JNA's own lock order, so that the next use of JNA in this class loader (a stop followed by a
 * start without an unload) starts a fresh thread that goes on cleaning what is queued.
 */
final class JnaCleanerStopper {

    private JnaCleanerStopper() {
    }

    static void stop(System.Logger log) {
        ClassLoader own = JnaCleanerStopper.class.getClassLoader();
        try {
            Class<?> type = Class.forName("com.sun.jna.internal.Cleaner", false, own);
            if (type.getClassLoader() != own) {
                return; // a JNA shared with the kernel or other plugins is not this plugin's to stop
            }
            Object cleaner = type.getMethod("getCleaner").invoke(null);
            Field queueField = type.getDeclaredField("referenceQueue");
            Field threadField = type.getDeclaredField("cleanerThread");
            queueField.setAccessible(true);
            threadField.setAccessible(true);
            Object queue = queueField.get(cleaner);
            Thread thread;
            synchronized (cleaner) {
                synchronized (queue) {
                    thread = (Thread) threadField.get(cleaner);
                    threadField.set(cleaner, null);
                }
            }
            if (thread != null) {
                thread.interrupt();
                thread.join(1000);
            }
        } catch (ClassNotFoundException e) {
            // JNA is not on this class loader: nothing to stop.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "could not stop JNA's cleaner thread; this plugin's class loader "
                    + "may stay in memory after an unload: " + e);
        }
    }
}
