package dev.vigil.plugins.dependencies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SemVersionTest {

    private static final List<String> REACT = List.of("17.0.2", "18.2.0", "18.3.1", "19.0.0-rc.1", "19.0.0",
                                                      "19.1.0", "19.2.0-canary-4a36d3ea-20250416",
                                                      "0.0.0-experimental-4a36d3ea-20250416");

    @Test
    void ordersAsSemanticVersioningDoes() {
        // the example of semver.org's section 11
        List<String> ordered = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                                       "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0",
                                       "1.10.0", "2.0.0");
        List<SemVersion> shuffled = new ArrayList<>(ordered.stream().map(this::version).toList());
        Collections.reverse(shuffled);
        Collections.sort(shuffled);
        assertEquals(ordered, shuffled.stream().map(SemVersion::toString).toList());
        assertEquals(version("1.0.0"), version("v1.0.0+build.5"));
        assertTrue(SemVersion.parse("1.0").isEmpty());
        assertTrue(SemVersion.parse("latest").isEmpty());
    }

    @Test
    void theLatestTagIsPreferredAndPreReleasesAreSkipped() {
        assertEquals("19.1.0", newest("18.2.0", "19.1.0", REACT));
        // without a tag: the highest final release, not the canary or the experimental build
        assertEquals("19.1.0", newest("18.2.0", null, REACT));
        // a maintainer who moved 'latest' back below a newer major is followed
        assertEquals("3.4.1", newest("3.4.0", "3.4.1", List.of("3.4.0", "3.4.1", "4.0.0")));
        // a pre-release under 'latest' is not taken
        assertEquals("1.2.0", newest("1.1.0", "2.0.0-beta.1", List.of("1.1.0", "1.2.0", "2.0.0-beta.1")));
    }

    @Test
    void aPreReleaseMovesOnlyWithinItsOwnRelease() {
        assertEquals("19.1.0", newest("19.0.0-rc.1", "19.1.0", REACT));
        assertEquals("8.0.0-alpha.17", newest("8.0.0-alpha.12", "7.26.10",
                                               List.of("7.24.0", "7.26.10", "8.0.0-alpha.12", "8.0.0-alpha.17")));
        // not to another release's canary
        assertEquals("19.1.0", newest("19.1.0-rc.0", "19.1.0", REACT));
    }

    @Test
    void theUpdateTypeIsTheFirstNumberThatDiffers() {
        assertEquals(Optional.of(UpdateType.MAJOR), type("18.2.0", "19.1.0"));
        assertEquals(Optional.of(UpdateType.MINOR), type("7.24.0", "7.26.10"));
        assertEquals(Optional.of(UpdateType.PATCH), type("4.17.15", "4.17.21"));
        assertEquals(Optional.of(UpdateType.PATCH), type("19.0.0-rc.1", "19.0.0"));
        assertEquals(Optional.empty(), type("4.17.21", "4.17.21"));
        assertEquals(Optional.empty(), type("8.0.0-alpha.17", "7.26.10"));
    }

    private SemVersion version(String text) {
        return SemVersion.parse(text).orElseThrow(() -> new AssertionError("not parsed: " + text));
    }

    private String newest(String current, String tag, List<String> versions) {
        return SemVersion.newest(version(current), tag, versions).orElseThrow().toString();
    }

    private Optional<UpdateType> type(String current, String latest) {
        return SemVersion.updateType(version(current), version(latest));
    }
}
