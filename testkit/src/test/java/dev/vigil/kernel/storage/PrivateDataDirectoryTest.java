package dev.vigil.kernel.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import dev.vigil.testkit.TestServer;

import org.junit.jupiter.api.Test;

/** What the server keeps on disk is readable by its own user only: the database, its WAL, everything in data/. */
class PrivateDataDirectoryTest {

    @Test
    void theDatabaseAndItsWalAreOwnerOnlyFromTheStart() throws Exception {
        try (TestServer server = TestServer.builder().start()) {
            Path data = server.root().resolve("data");
            assertEquals(201, server.post("/api/v1/admin/tokens", "{\"name\":\"ci\",\"role\":\"ingest\"}",
                                          server.adminToken()).status(), "a write, so that the WAL holds something");

            assertEquals("rwx------", permissions(data));
            for (String file : List.of("vigil.db", "vigil.db-wal", "vigil.db-shm")) {
                assertTrue(Files.exists(data.resolve(file)), file + " exists while the server runs");
                assertEquals("rw-------", permissions(data.resolve(file)), file);
            }
        }
    }

    @Test
    void filesLeftReadableByOthersAreMadePrivateAtStart() throws Exception {
        try (TestServer server = TestServer.builder().start()) {
            Path data = server.root().resolve("data");
            server.stop();
            Path model = Files.createDirectories(data.resolve("models")).resolve("latency.model");
            Files.writeString(model, "weights");
            Files.setPosixFilePermissions(model, PosixFilePermissions.fromString("rw-r--r--"));
            Files.setPosixFilePermissions(data.resolve("models"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(data.resolve("vigil.db"), PosixFilePermissions.fromString("rw-rw-r--"));
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));

            server.restart();

            assertEquals("rwx------", permissions(data), "nothing below is reachable by other users");
            assertEquals("rwx------", permissions(data.resolve("models")));
            assertEquals("rw-------", permissions(model));
            assertEquals("rw-------", permissions(data.resolve("vigil.db")));
            assertEquals(200, server.get("/api/v1/admin/status", server.viewerToken()).status(),
                         "the tightened database still serves");
        }
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
