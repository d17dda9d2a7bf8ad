package dev.vigil.plugins.dependencies;

/** NVD CVE API 2.0 pages, the format of the NVD data feed that dependency-check's auto-update reads. */
final class NvdFeed {

    /** CVE-2015-7501 as the NVD publishes it (trimmed to one configuration and one reference). */
    static final String CVE_2015_7501 = """
            {"cve": {
              "id": "CVE-2015-7501",
              "sourceIdentifier": "secalert@redhat.com",
              "published": "2017-11-09T17:29:00.337",
              "lastModified": "2024-11-21T02:36:53.637",
              "vulnStatus": "Modified",
              "descriptions": [{"lang": "en", "value": "Red Hat JBoss A-MQ 6.x; BPM Suite (BPMS) 6.x; BRMS 6.x and \
            5.x; ... allow remote attackers to execute arbitrary commands via a crafted serialized Java object, related \
            to the Apache Commons Collections (ACC) library."}],
              "metrics": {
                "cvssMetricV31": [{"source": "nvd@nist.gov", "type": "Primary",
                  "cvssData": {"version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                    "baseScore": 9.8, "baseSeverity": "CRITICAL", "attackVector": "NETWORK",
                    "attackComplexity": "LOW", "privilegesRequired": "NONE", "userInteraction": "NONE",
                    "scope": "UNCHANGED", "confidentialityImpact": "HIGH", "integrityImpact": "HIGH",
                    "availabilityImpact": "HIGH"},
                  "exploitabilityScore": 3.9, "impactScore": 5.9}],
                "cvssMetricV2": [{"source": "nvd@nist.gov", "type": "Primary",
                  "cvssData": {"version": "2.0", "vectorString": "AV:N/AC:L/Au:N/C:C/I:C/A:C", "baseScore": 10.0,
                    "accessVector": "NETWORK", "accessComplexity": "LOW", "authentication": "NONE",
                    "confidentialityImpact": "COMPLETE", "integrityImpact": "COMPLETE",
                    "availabilityImpact": "COMPLETE"},
                  "baseSeverity": "HIGH", "exploitabilityScore": 10.0, "impactScore": 10.0, "acInsufInfo": false,
                  "obtainAllPrivilege": false, "obtainUserPrivilege": false, "obtainOtherPrivilege": false,
                  "userInteractionRequired": false}]
              },
              "weaknesses": [{"source": "nvd@nist.gov", "type": "Primary",
                "description": [{"lang": "en", "value": "CWE-502"}]}],
              "configurations": [{"nodes": [{"operator": "OR", "negate": false, "cpeMatch": [
                {"vulnerable": true, "criteria": "cpe:2.3:a:apache:commons_collections:*:*:*:*:*:*:*:*",
                 "versionStartIncluding": "3.0", "versionEndExcluding": "3.2.2",
                 "matchCriteriaId": "B1A5E4C5-3B8C-4F5E-9E0C-2D5D2C1C7A01"}]}]}],
              "references": [{"url": "https://access.redhat.com/security/cve/CVE-2015-7501",
                "source": "secalert@redhat.com"}]
            }}""";

    private NvdFeed() {
    }

    /** Serves a feed with CVE-2015-7501 for 2015 (and nothing modified) under {@code /nvd/}. */
    static LoopbackServer mirror(LoopbackServer server) throws java.io.IOException {
        return server.answer("/nvd/cache.properties", LoopbackServer.Answer.ok(
                        "prefix=nvdcve-\nlastModifiedDate=2025-01-10T00:00:00Z\n"
                                + "lastModifiedDate.modified=2025-01-10T00:00:00Z\n"
                                + "lastModifiedDate.2015=2025-01-10T00:00:00Z\n"))
                .answer("/nvd/nvdcve-2015.json.gz", LoopbackServer.Answer.ok(gzip(page(CVE_2015_7501))))
                .answer("/nvd/nvdcve-modified.json.gz", LoopbackServer.Answer.ok(gzip(page())));
    }

    static byte[] gzip(String text) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    static String page(String... items) {
        return "{\"resultsPerPage\": " + items.length + ", \"startIndex\": 0, \"totalResults\": " + items.length
                + ", \"format\": \"NVD_CVE\", \"version\": \"2.0\", \"timestamp\": \"2025-01-10T00:00:00.000\", "
                + "\"vulnerabilities\": [" + String.join(",", items) + "]}";
    }
}
