package dev.vigil.plugins.dependencies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class MavenVersionTest {

    @Test
    void ordersVersionsTheWayMavenDoes() {
        List<String> ascending = List.of("1.0-alpha-1", "1.0-beta", "1.0-M2", "1.0-rc1", "1.0-SNAPSHOT", "1.0",
                                         "1.0-sp1", "1.0.1", "1.2", "1.10", "2.0.0-RC1", "2.0.0");
        for (int i = 1; i < ascending.size(); i++) {
            MavenVersion lower = MavenVersion.parse(ascending.get(i - 1));
            MavenVersion higher = MavenVersion.parse(ascending.get(i));
            assertTrue(lower.compareTo(higher) < 0, lower + " < " + higher);
        }
        assertEquals(0, MavenVersion.parse("1.0.0").compareTo(MavenVersion.parse("1")));
        assertEquals(0, MavenVersion.parse("5.6.15.Final").compareTo(MavenVersion.parse("5.6.15")));
    }

    @Test
    void picksTheNewestStableReleaseSkippingPreviewsAndDateStamps() {
        // commons-collections' real metadata lists two date-stamped versions that sort above 3.2.2
        List<String> listed = List.of("1.0", "2.0", "3.0", "3.2.1", "3.2.2", "20031027.000000", "20040102.233541",
                                      "20040616", "4.0-alpha1");
        Optional<MavenVersion> newest = MavenVersion.newestRelease(MavenVersion.parse("3.2.1"), listed);
        assertEquals("3.2.2", newest.orElseThrow().toString());
        // a library that really uses dates keeps them
        assertEquals("20240303", MavenVersion.newestRelease(MavenVersion.parse("20231013"),
                                                            List.of("20231013", "20240205", "20240303"))
                .orElseThrow().toString());
        assertFalse(MavenVersion.parse("2.0.0-beta.3").isStable());
        assertTrue(MavenVersion.parse("33.4.0-jre").isStable());
    }

    @Test
    void classifiesHowFarBehindAVersionIs() {
        assertEquals(Optional.of(UpdateType.MAJOR), type("2.9.8", "3.0.1"));
        assertEquals(Optional.of(UpdateType.MINOR), type("2.9.8", "2.18.2"));
        assertEquals(Optional.of(UpdateType.PATCH), type("3.2.1", "3.2.2"));
        assertEquals(Optional.of(UpdateType.PATCH), type("1.0-rc1", "1.0"));
        assertEquals(Optional.empty(), type("3.2.2", "3.2.2"));
        assertEquals(Optional.empty(), type("4.0.0-M1", "3.9.9"));
    }

    private static Optional<UpdateType> type(String current, String latest) {
        return MavenVersion.updateType(MavenVersion.parse(current), MavenVersion.parse(latest));
    }
}
