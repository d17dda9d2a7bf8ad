package dev.vigil.plugins.errors;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.vigil.api.events.ErrorEvent;
import dev.vigil.api.events.StackFrame;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns an error event (ingested, or Vigil's own) into what is stored: secrets scrubbed first, so that nothing
 * derived from the event (parsed frames, fingerprint, stored text) ever holds one; long text cut; the raw stack
 * parsed when no frames came with the event; the fingerprint computed.
 */
final class ErrorPreparer {

    static final String TRUNCATED = "…[truncated]";

    private final ObjectMapper mapper;
    private volatile Tools tools;

    ErrorPreparer(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The scrubber and parser built from one config: their patterns are compiled once per config, not per event. */
    private record Tools(ErrorsConfig config, Scrubber scrubber, StackParser parser) {
        static Tools of(ErrorsConfig config) {
            return new Tools(config, new Scrubber(config.extraScrubKeys(), config.truncateClientIp()),
                             new StackParser(config.inAppRules()));
        }
    }

    private Tools tools(ErrorsConfig config) {
        Tools current = tools;
        if (current == null || current.config() != config) {
            current = Tools.of(config);
            tools = current;
        }
        return current;
    }

    PreparedError prepare(ErrorEvent event, ErrorsConfig config, Instant receivedAt) {
        Tools tools = tools(config);
        Scrubber scrubber = tools.scrubber();
        String message = cut(scrubber.scrubText(event.message()), config.maxMessageLength());
        String rawStack = cut(scrubber.scrubText(event.rawStack()), config.maxStackLength());
        List<ExceptionBlock> chain = chain(event, message, rawStack, config, tools.parser());
        String exceptionType = event.exceptionType() != null ? event.exceptionType()
                : chain.getFirst().type() != null ? chain.getFirst().type() : "Error";
        if (message == null) {
            message = chain.getFirst().message();
        }
        chain.set(0, chain.getFirst().withType(exceptionType).withMessage(message));
        Fingerprint fingerprint = Fingerprint.of(exceptionType, message, chain, event.fingerprint());
        Map<String, Object> context = scrubber.scrubMap(event.context());
        // Events from the future (a client's clock ahead) would never be "before" a resolution: clamp them.
        Instant occurredAt = event.timestamp().isAfter(receivedAt) ? receivedAt : event.timestamp();
        return new PreparedError(occurredAt, receivedAt, event.service(), event.level(), exceptionType, message,
                                 List.copyOf(chain), json(chain), rawStack, endpoint(scrubber, event.endpoint()),
                                 event.requestId(), cut(event.traceId(), 200), event.user(),
                                 cut(event.userAgent(), 1000),
                                 clientIp(scrubber, event.clientIp()), event.release(), event.environment(),
                                 context.isEmpty() ? null : json(context), fingerprint, new PreparedError.Outcome());
    }

    /**
     * The address, truncated when so configured; null unless it is an IP literal. The ingest route refuses anything
     * else; another plugin may hand over a host name (an agent's peer address), which is dropped, never looked up.
     */
    private static String clientIp(Scrubber scrubber, String ip) {
        return ip != null && IpAddresses.isLiteral(ip) ? scrubber.clientIp(ip) : null;
    }

    /** Frames sent with the event win; otherwise the raw stack is parsed; otherwise a chain of one, frameless. */
    private static List<ExceptionBlock> chain(ErrorEvent event, String message, String rawStack, ErrorsConfig config,
                                              StackParser parser) {
        List<ExceptionBlock> chain = new ArrayList<>();
        if (!event.frames().isEmpty()) {
            List<StackFrame> frames = event.frames();
            chain.add(new ExceptionBlock(event.exceptionType(), message,
                                         frames.subList(0, Math.min(frames.size(), config.maxFrames()))));
            return chain;
        }
        ParsedStack parsed = parser.parse(rawStack);
        for (ExceptionBlock block : parsed.exceptions()) {
            List<StackFrame> frames = block.frames();
            chain.add(frames.size() <= config.maxFrames() ? block
                              : new ExceptionBlock(block.type(), block.message(), frames.subList(0, config.maxFrames())));
        }
        if (chain.isEmpty()) {
            chain.add(new ExceptionBlock(event.exceptionType(), message, List.of()));
        }
        return chain;
    }

    /** The page or route without query string or fragment (they vary per request and may carry secrets). */
    private static String endpoint(Scrubber scrubber, String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return null;
        }
        String text = scrubber.scrubText(endpoint.strip());
        int cut = text.length();
        for (char c : new char[] {'?', '#'}) {
            int at = text.indexOf(c);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return cut(text.substring(0, cut), 1000);
    }

    static String cut(String text, int maxLength) {
        if (text == null || text.length() <= maxLength) {
            return text;
        }
        return text.substring(0, Math.max(0, maxLength - TRUNCATED.length())) + TRUNCATED;
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error event cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
