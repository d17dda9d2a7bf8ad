package dev.vigil.plugins.alerts;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.vigil.api.Secret;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * A notification channel, from the config file or the API. One record for every type: the fields a type does not
 * use stay empty, and each type's required fields are checked here, naming the field. Secrets (a URL that carries
 * a key, header values, the SMTP password, PagerDuty's routing key) are marked {@link Secret}: they are shown
 * masked in every view and redacted from delivery errors.
 *
 * @param url          where webhook, Slack, Discord and Teams channels post; PagerDuty's Events API by default
 * @param from         email: the sender address
 * @param to           email: the recipients
 * @param subjectPrefix email: put before the subject, {@code [Vigil]} by default
 * @param routingKey   PagerDuty: the integration's routing key
 */
record Channel(String name, ChannelType type, @Secret(Secret.Reveal.URL_ORIGIN) String url, Severity minSeverity,
               List<Change> events, @Secret Map<String, String> headers,
               @JsonDeserialize(using = Durations.Reader.class) @JsonSerialize(using = Durations.Writer.class)
               Duration timeout,
               Boolean enabled, String from, List<String> to, String subjectPrefix, Smtp smtp,
               @Secret String routingKey) {

    static final String PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";
    static final String DEFAULT_SUBJECT_PREFIX = "[Vigil]";

    /** Headers java.net.http sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host",
                                                                 "upgrade");

    Channel {
        if (name == null || !Rule.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: '" + name
                    + "' must be 1-80 lower-case letters, digits, '.', '_' or '-'");
        }
        if (type == null) {
            throw new IllegalArgumentException("type: is required (" + ChannelType.labels() + ")");
        }
        if (type == ChannelType.PAGERDUTY && (url == null || url.isBlank())) {
            url = PAGERDUTY_EVENTS_URL;
        }
        if (type.postsToUrl()) {
            requireHttpUrl(type, url);
        } else if (url != null && !url.isBlank()) {
            throw new IllegalArgumentException("url: is not used by a " + type.label() + " channel");
        }
        minSeverity = minSeverity == null ? Severity.WARNING : minSeverity;
        events = events == null ? List.of(Change.FIRED, Change.ESCALATED, Change.RESOLVED) : List.copyOf(events);
        if (events.isEmpty()) {
            throw new IllegalArgumentException("events: lists no change to send (" + Change.sendable() + ")");
        }
        if (events.contains(Change.TEST)) {
            throw new IllegalArgumentException("events: 'test' is not a change to subscribe to (" + Change.sendable()
                                                       + "); POST /api/v1/alerts/channels/{name}/test sends one");
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        if (!headers.isEmpty() && !type.postsToUrl()) {
            throw new IllegalArgumentException("headers: are not used by a " + type.label() + " channel");
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (!header.getKey().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                throw new IllegalArgumentException("headers: '" + header.getKey() + "' is not a header name");
            }
            if (RESTRICTED_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("headers: '" + header.getKey() + "' is set by the HTTP client");
            }
            if (header.getValue() == null || header.getValue().contains("\n") || header.getValue().contains("\r")) {
                throw new IllegalArgumentException("headers." + header.getKey() + ": needs a one-line value");
            }
        }
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        AlertsConfig.requireBetween("timeout", timeout, Duration.ofMillis(100), Duration.ofMinutes(1));
        enabled = enabled == null ? Boolean.TRUE : enabled;
        to = to == null ? List.of() : List.copyOf(to);
        if (type == ChannelType.EMAIL) {
            from = EmailAddresses.require("from", from);
            if (to.isEmpty()) {
                throw new IllegalArgumentException("to: an email channel needs at least one recipient");
            }
            to = EmailAddresses.requireAll("to", to);
            subjectPrefix = subjectPrefix == null ? DEFAULT_SUBJECT_PREFIX : subjectPrefix;
            if (subjectPrefix.length() > 100 || subjectPrefix.contains("\n") || subjectPrefix.contains("\r")) {
                throw new IllegalArgumentException("subject-prefix: must be one line of at most 100 characters");
            }
            if (smtp == null) {
                throw new IllegalArgumentException("smtp: an email channel needs its SMTP server (smtp.host)");
            }
        } else {
            refuseUnused(type, "from", from);
            refuseUnused(type, "to", to.isEmpty() ? null : to);
            refuseUnused(type, "subject-prefix", subjectPrefix);
            refuseUnused(type, "smtp", smtp);
        }
        if (type == ChannelType.PAGERDUTY) {
            if (routingKey == null || routingKey.isBlank()) {
                throw new IllegalArgumentException("routing-key: a pagerduty channel needs its integration's routing "
                                                           + "key");
            }
            if (routingKey.strip().length() > 64 || !routingKey.strip().matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("routing-key: must be the integration key PagerDuty shows "
                                                           + "(letters and digits)");
            }
            routingKey = routingKey.strip();
        } else {
            refuseUnused(type, "routing-key", routingKey);
        }
    }

    boolean wants(Change change, Severity severity) {
        return enabled && events.contains(change) && severity.atLeast(minSeverity);
    }

    /** {@code text} (an endpoint's answer, an I/O error) without this channel's secrets. */
    String redact(String text) {
        String redacted = url == null ? text : Secret.Reveal.URL_ORIGIN.redact(text, url.trim());
        for (String value : headers.values()) {
            redacted = Secret.Reveal.NOTHING.redact(redacted, value);
        }
        redacted = Secret.Reveal.NOTHING.redact(redacted, routingKey);
        return smtp == null ? redacted : Secret.Reveal.NOTHING.redact(redacted, smtp.password());
    }

    private static void requireHttpUrl(ChannelType type, String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("url: is required for a " + type.label() + " channel");
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url: is not a valid URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("url: must be an http:// or https:// URL with a host");
        }
    }

    private static void refuseUnused(ChannelType type, String key, Object value) {
        if (value != null && !(value instanceof String text && text.isBlank())) {
            throw new IllegalArgumentException(key + ": is not used by a " + type.label() + " channel");
        }
    }

    /** How an email channel reaches its SMTP server. */
    enum Tls {
        /** Plain SMTP: only for a relay on the same host or network. */
        NONE,
        /** Plain connection upgraded with STARTTLS, which is then required (port 587). */
        STARTTLS,
        /** TLS from the first byte (SMTPS, port 465). */
        TLS;

        @com.fasterxml.jackson.annotation.JsonValue
        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        int defaultPort() {
            return switch (this) {
                case NONE -> 25;
                case STARTTLS -> 587;
                case TLS -> 465;
            };
        }
    }

    /**
     * An email channel's SMTP server.
     *
     * @param port     by default 25, 587 or 465 after {@code tls}
     * @param username with {@code password}: SMTP authentication; both or neither
     */
    record Smtp(String host, Integer port, Tls tls, String username, @Secret String password,
                @JsonDeserialize(using = Durations.Reader.class) @JsonSerialize(using = Durations.Writer.class)
                Duration timeout) {
        Smtp {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("smtp.host: is required");
            }
            host = host.strip();
            if (!host.matches("[A-Za-z0-9.:\\[\\]-]+")) {
                throw new IllegalArgumentException("smtp.host: '" + host + "' is not a host name or address");
            }
            tls = tls == null ? Tls.STARTTLS : tls;
            port = port == null ? tls.defaultPort() : port;
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("smtp.port: must be between 1 and 65535, got " + port);
            }
            if (username != null && username.isBlank()) {
                username = null;
            }
            if (password != null && password.isEmpty()) {
                password = null;
            }
            if ((username == null) != (password == null)) {
                throw new IllegalArgumentException("smtp." + (username == null ? "username" : "password")
                        + ": authentication needs both a username and a password");
            }
            timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
            AlertsConfig.requireBetween("smtp.timeout", timeout, Duration.ofMillis(100), Duration.ofMinutes(2));
        }
    }
}
