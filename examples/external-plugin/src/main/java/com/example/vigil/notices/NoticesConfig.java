package com.example.vigil.notices;

import java.time.Duration;

/** {@code config/plugins/notices.yaml}; the kernel binds kebab-case keys ({@code keep-for}) to these fields. */
public record NoticesConfig(String title, Duration keepFor) {

    static final NoticesConfig DEFAULTS = new NoticesConfig("Notices", Duration.ofDays(7));

    public NoticesConfig {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("title must not be empty");
        }
        if (keepFor == null || keepFor.isNegative() || keepFor.isZero()) {
            throw new IllegalArgumentException("keep-for must be a positive duration, e.g. 7d");
        }
    }
}
