package dev.vigil.plugins.dependencies;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class LicensePolicyTest {

    private final LicensePolicy policy = new LicensePolicy(List.of("GPL-3.0-only", "agpl-3.0-or-later", "OFL-1.1",
                                                                   "GPL-2.0-only"));

    @Test
    void idsMatchWithoutCaseAndLongNamesAsTheirSpdxId() {
        assertEquals(List.of("GPL-3.0-only"), policy.deniedBy(List.of("gpl-3.0-only")));
        assertEquals(List.of("GPL-3.0-only"), policy.deniedBy(List.of("GPL-3.0"))); // the deprecated id
        // PyPI's classifier, a POM's name with its URL, and a URL alone
        assertEquals(List.of("GPL-3.0-only"), policy.deniedBy(List.of("GNU General Public License v3 (GPLv3)")));
        assertEquals(List.of("GPL-3.0-only"), policy.deniedBy(List.of(
                "GNU General Public License, Version 3: https://www.gnu.org/licenses/gpl-3.0.html")));
        assertEquals(List.of("GPL-3.0-only"), policy.deniedBy(List.of("https://www.gnu.org/licenses/gpl-3.0")));
        assertEquals(List.of("agpl-3.0-or-later"),
                     policy.deniedBy(List.of("GNU Affero General Public License v3 or later (AGPLv3+)")));
        assertEquals(List.of(), policy.deniedBy(List.of("GPL-3.0-or-later")), "another licence than GPL-3.0-only");
        assertEquals(List.of(), policy.deniedBy(List.of("MIT")));
        assertEquals(List.of(), policy.deniedBy(List.of("The Apache Software License, Version 2.0: "
                                                                + "https://www.apache.org/licenses/LICENSE-2.0.txt")));
        assertEquals(List.of(), policy.deniedBy(List.of()), "no licence is not a finding");
    }

    @Test
    void anAlternativeIsDeniedOnlyWhenEveryChoiceIsAndAConjunctionWhenAnyPartIs() {
        // jszip: you may take it under MIT
        assertEquals(List.of(), policy.deniedBy(List.of("(MIT OR GPL-3.0-only)")));
        assertEquals(List.of("GPL-3.0-only", "GPL-2.0-only"),
                     policy.deniedBy(List.of("GPL-3.0-only OR GPL-2.0-only")));
        // Font Awesome Free: every part applies
        assertEquals(List.of("OFL-1.1"), policy.deniedBy(List.of("(CC-BY-4.0 AND OFL-1.1 AND MIT)")));
        assertEquals(List.of(), policy.deniedBy(List.of("MIT AND (Apache-2.0 OR GPL-3.0-only)")));
        assertEquals(List.of("GPL-3.0-only"), policy.deniedBy(List.of("MIT AND (GPL-3.0-only OR AGPL-3.0-or-later)"))
                             .subList(0, 1));
        // an exception makes it another licence
        assertEquals(List.of(), policy.deniedBy(List.of("GPL-2.0-only WITH Classpath-exception-2.0")));
        // several licences listed for one component are alternatives, as in a POM
        assertEquals(List.of(), policy.deniedBy(List.of("GPL-2.0-only", "CDDL-1.0")));
        assertEquals(List.of("GPL-2.0-only", "GPL-3.0-only"), policy.deniedBy(List.of("GPL-2.0", "GPLv3")));
    }

    @Test
    void anExceptionCanBeDeniedByItself() {
        LicensePolicy withException = new LicensePolicy(List.of("GPL-2.0-only WITH Classpath-exception-2.0"));
        assertEquals(List.of("GPL-2.0-only WITH Classpath-exception-2.0"),
                     withException.deniedBy(List.of("GPL-2.0 WITH Classpath-exception-2.0")));
        assertEquals(List.of(), withException.deniedBy(List.of("GPL-2.0-only")));
    }
}
