package dev.vigil.plugins.alerts;

import java.io.IOException;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * Rule durations in JSON bodies read and written the way the config file writes them ({@code 30s}, {@code 5m}),
 * through the API's {@link dev.vigil.api.Durations}, so that a rule reads the same in both places.
 */
final class Durations {

    private Durations() {
    }

    static Duration parse(String text) {
        return dev.vigil.api.Durations.parse(text);
    }

    static String format(Duration duration) {
        return dev.vigil.api.Durations.format(duration);
    }

    /** Reads a duration field of a rule. */
    static final class Reader extends StdDeserializer<Duration> {
        private static final long serialVersionUID = 1L;

        Reader() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return (Duration) context.handleUnexpectedToken(Duration.class, parser);
            }
            String text = parser.getText();
            try {
                return parse(text);
            } catch (IllegalArgumentException e) {
                throw context.weirdStringException(text, Duration.class,
                                                   "must be a duration such as 30s, 5m, 2h or 7d");
            }
        }
    }

    /** Writes a duration field of a rule the way it is read. */
    static final class Writer extends StdSerializer<Duration> {
        private static final long serialVersionUID = 1L;

        Writer() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            generator.writeString(format(value));
        }
    }
}
