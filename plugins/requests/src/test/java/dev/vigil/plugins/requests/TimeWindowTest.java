package dev.vigil.plugins.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class TimeWindowTest {

    private static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void aDayIsTheLastMinutesUpToTheCurrentOneReadAsLeadingMinutesAndWholeHours() {
        TimeWindow window = TimeWindow.lastHours(Instant.parse("2026-03-10T12:34:56.789Z"), 24);
        assertEquals(at("2026-03-09T12:35:00Z"), window.from());
        assertEquals(at("2026-03-10T12:35:00Z"), window.to());
        assertEquals(new TimeWindow.Range(at("2026-03-09T12:35:00Z"), at("2026-03-09T13:00:00Z")),
                     window.leadingMinutes());
        // The current hour's row holds 12:00 to now.
        assertEquals(new TimeWindow.Range(at("2026-03-09T13:00:00Z"), at("2026-03-10T13:00:00Z")), window.hourPart());
        assertEquals(24 * 3600 - 3.211, window.elapsedSeconds(), 1e-9);
    }

    @Test
    void aWindowStartingOnTheHourReadsNoMinutes() {
        TimeWindow window = TimeWindow.lastHours(Instant.parse("2026-03-10T11:59:10Z"), 1);
        assertEquals(at("2026-03-10T11:00:00Z"), window.from());
        assertTrue(window.leadingMinutes().isEmpty());
        assertEquals(new TimeWindow.Range(at("2026-03-10T11:00:00Z"), at("2026-03-10T12:00:00Z")), window.hourPart());
    }

    @Test
    void thePartsCoverTheWindowOnceWithAtMostHoursPlus59Rows() {
        for (int minute = 0; minute < 60; minute++) {
            for (int hours : new int[] {1, 2, 3, 24, 720}) {
                TimeWindow w = TimeWindow.lastHours(Instant.parse("2026-03-10T12:00:00Z").plusSeconds(minute * 60L
                                                                                                       + 7), hours);
                TimeWindow.Range lead = w.leadingMinutes();
                TimeWindow.Range whole = w.hourPart();
                assertEquals(w.from(), lead.from());
                assertEquals(lead.to(), whole.from());
                assertEquals(0, whole.from() % Periods.HOUR);
                assertTrue(whole.to() >= w.to() && whole.to() - w.to() < Periods.HOUR);
                assertEquals(hours, (whole.to() - whole.from()) / Periods.HOUR, "whole hours");
                assertTrue((lead.isEmpty() ? 0 : lead.to() - lead.from()) / Periods.MINUTE <= 59);
            }
        }
    }
}
