package dev.vigil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationConverterTest {

    @Test
    void readsTheUnitsUsersWrite() {
        assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
        assertEquals(Duration.ofSeconds(5), DurationConverter.parse("5s"));
        assertEquals(Duration.ofSeconds(5), DurationConverter.parse("5"));
        assertEquals(Duration.ofMinutes(2), DurationConverter.parse("2M"));
        assertEquals(Duration.ofHours(1), DurationConverter.parse(" 1h "));
        assertThrows(CommandLine.TypeConversionException.class, () -> DurationConverter.parse("soon"));
        assertThrows(CommandLine.TypeConversionException.class, () -> DurationConverter.parse("-5s"));
    }
}
