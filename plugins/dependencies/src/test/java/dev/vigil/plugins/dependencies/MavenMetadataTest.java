package dev.vigil.plugins.dependencies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class MavenMetadataTest {

    @Test
    void readsTheListedVersions() throws IOException {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <metadata>
                  <groupId>org.example</groupId>
                  <artifactId>lib</artifactId>
                  <version>0.9</version>
                  <versioning>
                    <latest>1.1-SNAPSHOT</latest>
                    <release>1.0</release>
                    <versions><version>0.9</version><version>1.0</version></versions>
                  </versioning>
                </metadata>
                """;
        assertEquals(List.of("0.9", "1.0", "1.0", "1.1-SNAPSHOT"),
                     MavenMetadata.versions(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void refusesSomethingElseAndExternalEntities() {
        IOException html = assertThrows(IOException.class, () -> MavenMetadata.versions(
                "<html><body>Not found</body></html>".getBytes(StandardCharsets.UTF_8)));
        assertTrue(html.getMessage().contains("<metadata>"), html.getMessage());
        String entity = "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<metadata><versioning><versions><version>&x;</version></versions></versioning></metadata>";
        assertThrows(IOException.class, () -> MavenMetadata.versions(entity.getBytes(StandardCharsets.UTF_8)));
    }
}
