package dev.vigil.kernel.config;

import java.io.IOException;
import java.time.Duration;

import dev.vigil.api.Durations;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;

/** Writes durations back in the short form {@link FlexibleDurationDeserializer} reads. */
final class FlexibleDurationSerializer extends StdScalarSerializer<Duration> {

    FlexibleDurationSerializer() {
        super(Duration.class);
    }

    @Override
    public void serialize(Duration value, JsonGenerator generator, SerializerProvider provider) throws IOException {
        generator.writeString(Durations.format(value));
    }
}
