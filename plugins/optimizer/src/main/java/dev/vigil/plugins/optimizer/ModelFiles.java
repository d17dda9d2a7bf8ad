package dev.vigil.plugins.optimizer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Model files: an array of Weka and JDK objects in Java serialisation, written atomically. Reading resolves classes
 * through this plugin's class loader (where Weka lives) and refuses any class outside Weka and the JDK, so a file
 * tampered with cannot instantiate arbitrary classes. Weka's own SerializationHelper is not used: it goes through
 * Weka's package manager.
 */
final class ModelFiles {

    private static final ObjectInputFilter ONLY_WEKA_AND_JDK = ObjectInputFilter.Config.createFilter(
            "maxdepth=2000;weka.**;dev.vigil.plugins.optimizer.PluginRandomForest;java.lang.*;java.util.*;!*");

    private ModelFiles() {
    }

    /** Writes {@code content} to {@code file} through a temporary file and a rename; answers the size in bytes. */
    static long write(Path file, Object[] content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = file.resolveSibling("." + file.getFileName() + ".part");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16);
             ObjectOutputStream objects = new ObjectOutputStream(out)) {
            objects.writeObject(content);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return Files.size(file);
    }

    static Object[] read(Path file) throws IOException, ClassNotFoundException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             ObjectInputStream objects = new PluginObjectInputStream(in)) {
            objects.setObjectInputFilter(ONLY_WEKA_AND_JDK);
            Object content = objects.readObject();
            if (!(content instanceof Object[] array)) {
                throw new IOException(file + " is not a model file");
            }
            return array;
        }
    }

    /** Resolves classes where Weka was loaded from: this plugin's class loader. */
    private static final class PluginObjectInputStream extends ObjectInputStream {
        PluginObjectInputStream(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(description.getName(), false, ModelFiles.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                return super.resolveClass(description);
            }
        }
    }
}
