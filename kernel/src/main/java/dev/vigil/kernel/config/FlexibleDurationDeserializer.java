package dev.vigil.kernel.config;

import java.io.IOException;
import java.time.Duration;

import dev.vigil.api.Durations;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;

/** Durations as people write them in config files: {@code 500ms}, {@code 10s}, {@code 15m}, {@code 2h}, {@code 7d}, ISO-8601, or seconds. */
final class FlexibleDurationDeserializer extends StdScalarDeserializer<Duration> {

    FlexibleDurationDeserializer() {
        super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            return Duration.ofSeconds(parser.getLongValue());
        }
        String text = parser.getValueAsString();
        if (text == null) {
            return (Duration) context.handleUnexpectedToken(Duration.class, parser);
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            return (Duration) context.handleWeirdStringValue(Duration.class, text,
                                                             "expected a duration such as 500ms, 10s, 15m, 2h or 7d");
        }
    }
}
