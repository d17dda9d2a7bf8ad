package dev.vigil.plugins.dependencies;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Licence names as metadata writes them, read as SPDX ids: {@code GNU General Public License v3 (GPLv3)} (a PyPI
 * classifier) is {@code GPL-3.0-only}, {@code The Apache Software License, Version 2.0} (a POM) is
 * {@code Apache-2.0}, the deprecated {@code GPL-3.0} is {@code GPL-3.0-only} and {@code GPL-3.0+} is
 * {@code GPL-3.0-or-later}. A name saying no version ("GPL", "BSD License") stays as written: it could be several
 * licences. The table is small on purpose; the README lists it. Names it does not know are compared as written.
 */
final class LicenseNames {

    /** A trailing URL, as dependency-check writes a POM licence ("name: url") or npm's object form ("type (url)"). */
    private static final Pattern TRAILING_URL = Pattern.compile("\\s*(?::|\\(|-)?\\s*https?://\\S*\\)?\\s*$");

    private static final Map<String, String> KNOWN = new HashMap<>();

    static {
        known("GPL-2.0-only", "gpl-2.0", "gplv2", "gpl v2", "gpl-2", "gpl 2", "gpl2", "gnu gpl v2",
              "gnu general public license v2 (gplv2)", "gnu general public license, version 2",
              "gnu general public license version 2", "gnu general public license v2.0 only",
              "gnu.org/licenses/old-licenses/gpl-2.0");
        known("GPL-2.0-or-later", "gpl-2.0+", "gplv2+", "gpl v2+", "gpl-2.0-or-later", "gpl 2 or later",
              "gnu general public license v2 or later (gplv2+)", "gnu general public license v2.0 or later");
        known("GPL-3.0-only", "gpl-3.0", "gplv3", "gpl v3", "gpl-3", "gpl 3", "gpl3", "gnu gpl v3",
              "gnu general public license v3 (gplv3)", "gnu general public license, version 3",
              "gnu general public license version 3", "gnu general public license v3.0 only",
              "gnu general public license v3.0", "gnu.org/licenses/gpl-3.0");
        known("GPL-3.0-or-later", "gpl-3.0+", "gplv3+", "gpl v3+", "gpl 3 or later",
              "gnu general public license v3 or later (gplv3+)", "gnu general public license v3.0 or later");
        known("AGPL-3.0-only", "agpl-3.0", "agplv3", "agpl v3", "agpl-3", "agpl3",
              "gnu affero general public license v3", "gnu affero general public license v3 (agplv3)",
              "gnu affero general public license, version 3", "gnu affero general public license v3.0",
              "gnu.org/licenses/agpl-3.0");
        known("AGPL-3.0-or-later", "agpl-3.0+", "agplv3+", "gnu affero general public license v3 or later (agplv3+)");
        known("LGPL-2.1-only", "lgpl-2.1", "lgplv2.1", "lgpl 2.1", "gnu lesser general public license v2.1",
              "gnu lesser general public license, version 2.1", "gnu.org/licenses/old-licenses/lgpl-2.1");
        known("LGPL-2.1-or-later", "lgpl-2.1+", "lgplv2.1+", "gnu lesser general public license v2 or later (lgplv2+)");
        known("LGPL-3.0-only", "lgpl-3.0", "lgplv3", "lgpl 3", "gnu lesser general public license v3 (lgplv3)",
              "gnu lesser general public license, version 3", "gnu.org/licenses/lgpl-3.0");
        known("LGPL-3.0-or-later", "lgpl-3.0+", "lgplv3+", "gnu lesser general public license v3 or later (lgplv3+)");
        known("Apache-2.0", "apache 2.0", "apache 2", "apache-2", "apache license 2.0", "apache license, version 2.0",
              "apache license version 2.0", "apache software license", "the apache software license, version 2.0",
              "the apache license, version 2.0", "apache software license 2.0", "asl 2.0", "al 2.0",
              "apache.org/licenses/license-2.0", "apache.org/licenses/license-2.0.txt",
              "apache.org/licenses/license-2.0.html", "opensource.org/licenses/apache-2.0");
        known("MIT", "mit license", "the mit license", "mit license (mit)", "opensource.org/licenses/mit",
              "opensource.org/licenses/mit-license.php", "expat");
        known("BSD-3-Clause", "bsd 3-clause", "bsd-3", "new bsd license", "modified bsd license",
              "the bsd 3-clause license", "bsd 3-clause \"new\" or \"revised\" license",
              "opensource.org/licenses/bsd-3-clause");
        known("BSD-2-Clause", "bsd 2-clause", "simplified bsd license", "freebsd license",
              "opensource.org/licenses/bsd-2-clause");
        known("ISC", "isc license", "isc license (iscl)");
        known("MPL-2.0", "mpl 2.0", "mozilla public license 2.0", "mozilla public license 2.0 (mpl 2.0)",
              "mozilla public license, version 2.0", "mozilla.org/mpl/2.0");
        known("EPL-1.0", "eclipse public license 1.0", "eclipse public license - v 1.0", "eclipse.org/legal/epl-v10");
        known("EPL-2.0", "eclipse public license 2.0", "eclipse public license - v 2.0", "eclipse.org/legal/epl-2.0");
        known("CDDL-1.0", "cddl 1.0", "common development and distribution license 1.0");
        known("SSPL-1.0", "server side public license", "server side public license, v 1");
        known("Unlicense", "the unlicense", "the unlicense (unlicense)");
        known("CC0-1.0", "cc0", "cc0 1.0 universal");
    }

    private LicenseNames() {
    }

    private static void known(String spdx, String... names) {
        KNOWN.put(spdx.toLowerCase(Locale.ROOT), spdx);
        for (String name : names) {
            KNOWN.put(name, spdx);
        }
    }

    /**
     * The SPDX id for a licence name or URL when the table knows it, else the name as written (trimmed, without a
     * trailing URL).
     */
    static String canonical(String text) {
        String trimmed = text == null ? "" : text.trim();
        String key = key(trimmed);
        String known = KNOWN.get(key);
        if (known != null) {
            return known;
        }
        String withoutUrl = TRAILING_URL.matcher(trimmed).replaceFirst("").trim();
        if (!withoutUrl.isEmpty()) {
            known = KNOWN.get(key(withoutUrl));
            return known != null ? known : withoutUrl;
        }
        return trimmed;
    }

    /** Lower case, one space, no "http(s)://www." and no trailing '/' or '.': how the table is keyed. */
    private static String key(String text) {
        String key = text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
        key = key.replaceFirst("^https?://(www\\.)?", "");
        while (key.endsWith("/") || key.endsWith(".")) {
            key = key.substring(0, key.length() - 1);
        }
        return key;
    }
}
