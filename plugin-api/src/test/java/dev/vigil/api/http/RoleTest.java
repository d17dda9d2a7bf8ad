package dev.vigil.api.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void adminMayDoEverythingViewerOnlyReadsIngestOnlyWrites() {
        for (Role required : Role.values()) {
            assertTrue(Role.ADMIN.allows(required), "admin allows " + required);
        }
        assertTrue(Role.VIEWER.allows(Role.VIEWER));
        assertFalse(Role.VIEWER.allows(Role.INGEST));
        assertFalse(Role.VIEWER.allows(Role.ADMIN));
        assertTrue(Role.INGEST.allows(Role.INGEST));
        assertFalse(Role.INGEST.allows(Role.VIEWER));
        assertTrue(Role.PUBLIC.allows(Role.PUBLIC));
        assertFalse(Role.PUBLIC.allows(Role.INGEST));
    }
}
