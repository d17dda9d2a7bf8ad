package dev.vigil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class HumanTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void milliseconds() {
        assertEquals("0.42 ms", Human.ms(0.42));
        assertEquals("4.2 ms", Human.ms(4.24));
        assertEquals("120 ms", Human.ms(120.4));
        assertEquals("1.5 s", Human.ms(1500.0));
        assertEquals("2m 05s", Human.ms(125_000.0));
        assertEquals("-", Human.ms(null));
    }

    @Test
    void percentages() {
        assertEquals("0%", Human.percent(0.0));
        assertEquals("0.08%", Human.percent(0.08));
        assertEquals("2.5%", Human.percent(2.5));
        assertEquals("12%", Human.percent(12.4));
        assertEquals("-", Human.percent(null));
    }

    @Test
    void timesRelativeToNow() {
        assertEquals("just now", Human.relative(NOW.minusSeconds(2), NOW));
        assertEquals("45s ago", Human.relative(NOW.minusSeconds(45), NOW));
        assertEquals("5m ago", Human.relative(NOW.minusSeconds(330), NOW));
        assertEquals("3h ago", Human.relative(NOW.minusSeconds(3 * 3600 + 50), NOW));
        assertEquals("2d ago", Human.relative(NOW.minusSeconds(2 * 86_400 + 7), NOW));
        assertEquals("in 10m", Human.relative(NOW.plusSeconds(600), NOW));
        assertEquals("5m ago", Human.relative("2026-12-07T09:55:00Z", NOW));
        assertEquals("-", Human.relative((String) null, NOW));
        assertEquals("yesterday", Human.relative("yesterday", NOW), "an unreadable time is shown as it came");
    }

    @Test
    void sizesCountsDurationsAndNumbers() {
        assertEquals("512 B", Human.bytes(512));
        assertEquals("1.5 kB", Human.bytes(1536));
        assertEquals("120 MB", Human.bytes(120L * 1024 * 1024));
        assertEquals("1,234,567", Human.count(1_234_567));
        assertEquals("45s", Human.duration(45));
        assertEquals("3h 12m", Human.duration(3 * 3600 + 12 * 60 + 9));
        assertEquals("2d 4h", Human.duration(2 * 86_400 + 4 * 3600));
        assertEquals("2000", Human.number(2000.0));
        assertEquals("0.5", Human.number(0.5));
        assertEquals("1234.6", Human.number(1234.56));
        assertEquals("-", Human.number(null));
    }
}
