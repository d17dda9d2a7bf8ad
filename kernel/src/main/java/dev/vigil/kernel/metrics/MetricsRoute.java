package dev.vigil.kernel.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;

/**
 * {@code GET /metrics}: OpenMetrics 1.0 when the scraper asks for it (Prometheus does), else the Prometheus text
 * format 0.0.4. Values are live and cumulative, without timestamps: the scrape's time is theirs.
 */
public final class MetricsRoute implements Handler {

    private final MetricsHub hub;
    private final ExpositionFormats formats = ExpositionFormats.init();

    public MetricsRoute(MetricsHub hub) {
        this.hub = hub;
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response) {
        String accept = request.headers().first(HeaderNames.ACCEPT).orElse("");
        ExpositionFormatWriter writer = formats.findWriter(accept);
        if (!writer.isAvailable()) {
            writer = formats.getPrometheusTextFormatWriter(); // protobuf is asked for but not shipped
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(body, hub.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        response.header(HeaderNames.CONTENT_TYPE, writer.getContentType());
        response.send(body.toByteArray());
    }
}
