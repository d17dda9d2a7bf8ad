package dev.vigil.plugins.dependencies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class Pep440VersionTest {

    @Test
    void ordersAsPep440Does() {
        // PEP 440's own example of the ordering within one release, then the next release and an epoch
        List<String> ordered = List.of("1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12",
                                       "1.0b1.dev456", "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345",
                                       "1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5", "1.0.post456.dev34",
                                       "1.0.post456", "1.0.15", "1.1.dev1", "2.0", "1!0.5");
        List<Pep440Version> shuffled = new ArrayList<>(ordered.stream().map(this::version).toList());
        Collections.reverse(shuffled);
        Collections.sort(shuffled);
        // 1.0 and 1.0+abc.5 are equal in order: compare the texts around them
        List<String> sorted = shuffled.stream().map(Pep440Version::toString).toList();
        assertEquals(ordered.subList(0, 11), sorted.subList(0, 11));
        assertEquals(ordered.subList(13, ordered.size()), sorted.subList(13, sorted.size()));
    }

    @Test
    void normalisesSpellingsAsPipDoes() {
        assertEquals(version("1.0a1"), version("1.0-alpha.1"));
        assertEquals(version("1.0rc1"), version("1.0c1"));
        assertEquals(version("1.0rc1"), version("1.0-pre1"));
        assertEquals(version("1.0.post1"), version("1.0-1"));
        assertEquals(version("1.0.post1"), version("1.0-r1"));
        assertEquals(version("2.0"), version("v2.0.0"));
        assertEquals(version("1.0.dev0"), version("1.0-DEV"));
        assertTrue(Pep440Version.parse("not a version").isEmpty());
        assertTrue(Pep440Version.parse("2.0-SNAPSHOT").isEmpty());
    }

    @Test
    void theNewestReleaseSkipsPreAndDevReleasesUnlessTheCurrentIsOne() {
        List<String> django = List.of("4.2", "4.2.1", "4.2.17", "5.0", "5.1.4", "5.2a1", "5.2b1", "5.2rc1.dev0");
        assertEquals("5.1.4", newest("4.2.1", django));
        assertEquals("5.2rc1.dev0", newest("5.2a1", django));
        assertEquals("5.1.4", newest(null, django));
        // a post release is a final release
        assertEquals("2.8.2.post1", newest("2.8.2", List.of("2.8.1", "2.8.2", "2.8.2.post1", "2.9.0b1")));
        // an epoch restarts the numbering above everything before it
        assertEquals("1!2.0", newest("2024.1", List.of("2024.1", "2025.3", "1!2.0")));
    }

    @Test
    void theUpdateTypeIsTheFirstReleaseNumberThatDiffers() {
        assertEquals(Optional.of(UpdateType.MAJOR), type("4.2.1", "5.1.4"));
        assertEquals(Optional.of(UpdateType.MINOR), type("2.31.0", "2.32.3"));
        assertEquals(Optional.of(UpdateType.PATCH), type("4.2.1", "4.2.17"));
        assertEquals(Optional.of(UpdateType.PATCH), type("2.8.2", "2.8.2.post1"));
        assertEquals(Optional.of(UpdateType.PATCH), type("5.2rc1", "5.2"));
        assertEquals(Optional.of(UpdateType.MAJOR), type("2025.3", "1!2.0"));
        assertEquals(Optional.empty(), type("5.1.4", "5.1.4"));
        assertEquals(Optional.empty(), type("5.1.4", "5.0"));
    }

    private Pep440Version version(String text) {
        return Pep440Version.parse(text).orElseThrow(() -> new AssertionError("not parsed: " + text));
    }

    private String newest(String current, List<String> versions) {
        return Pep440Version.newest(current == null ? null : version(current), versions).orElseThrow().toString();
    }

    private Optional<UpdateType> type(String current, String latest) {
        return Pep440Version.updateType(version(current), version(latest));
    }
}
