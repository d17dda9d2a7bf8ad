package dev.vigil.plugins.dependencies;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The findings of every target put together: what {@code GET /report} answers, and what the narrower routes
 * filter. Pure: built from stored {@link TargetResult}s, no I/O.
 *
 * @param scanned                 false until a scan has stored something
 * @param vulnerabilitiesChecked  true only when every target was checked against vulnerability data
 * @param message                 plain words for the user whenever the report is not the whole truth
 */
record Report(boolean scanned, Instant generatedAt, Instant scannedAt, ScanHistory.Scan lastFullScan,
              boolean vulnerabilitiesChecked, DataStatus vulnerabilityData,
              List<VulnerabilitySource> vulnerabilitySources, HealthScore.Health health, Summary summary,
              Map<String, EcosystemFigures> ecosystems, List<TargetView> targets, List<ComponentView> components,
              List<VulnerabilityView> vulnerabilities, List<OutdatedView> outdated,
              List<LicenseView> licenseFindings, String message) {

    /**
     * One ecosystem's share of the report.
     *
     * @param vulnerabilities distinct (library version, vulnerability) pairs by severity, as the health score counts
     *                        them; null when vulnerabilities were not checked
     */
    record EcosystemFigures(int components, Map<String, Integer> vulnerabilities) {
    }

    /**
     * Where the vulnerability data came from, or why there was none.
     *
     * @param uncheckedTargets targets whose last scan did not check vulnerabilities
     */
    record DataStatus(boolean checked, List<String> sources, Instant updatedAt, String message,
                      List<String> uncheckedTargets) {
    }

    /**
     * @param outdatedUnknown   components whose newest version could not be found (UNKNOWN, or a registry that
     *                          could not be reached)
     * @param licenseFindings   components whose licence {@code licenses.deny} matched
     */
    record Summary(int targets, int components, int vulnerableComponents, Map<String, Integer> vulnerabilities,
                   Map<String, Integer> outdated, int outdatedUnknown, int licenseFindings) {
    }

    record TargetView(String target, String kind, String location, String pluginId, Instant scannedAt,
                      int components, int vulnerabilities, int outdated, boolean vulnerabilitiesChecked,
                      String error) {
    }

    record ComponentView(String name, String ecosystem, String groupId, String artifactId, String version,
                         String file, List<String> licenses, String sha1, String purl, List<String> cpes,
                         List<String> vulnerabilities, Component.OutdatedState outdated, String target,
                         String pluginId) {
    }

    /** Which component (and which copy of it) a vulnerability was found in. */
    record Affected(String name, String ecosystem, String version, String file, String purl, String target,
                    String pluginId) {
    }

    record VulnerabilityView(String id, Double cvssScore, String cvssVersion, Severity severity, String description,
                             String source, String url, boolean knownExploited, Affected component) {
    }

    /**
     * A component with a newer release.
     *
     * @param latestReleasedAt when the newest release was published, when the registry says
     */
    record OutdatedView(String name, String ecosystem, String groupId, String artifactId, String version,
                        String latestVersion, UpdateType updateType, Instant latestReleasedAt, String purl,
                        String file, String target, String pluginId) {
    }

    /**
     * A component's licences and whether {@code licenses.deny} matched them.
     *
     * @param licenseSource dependency-check, registry, or registry-cache
     * @param deniedBy      the deny entries that matched
     */
    record LicenseView(String name, String version, String ecosystem, String purl, String file, List<String> licenses,
                       String licenseSource, boolean denied, List<String> deniedBy, String target, String pluginId) {
    }

    /** A component with the target it was found in. */
    record Located(Component component, TargetResult target) {
    }

    static Report of(List<TargetResult> results, ScanHistory.Scan lastFullScan, Instant now, String noScanHint) {
        if (results.isEmpty()) {
            String message = "No scan has finished yet. " + noScanHint + " "
                    + VulnerabilityData.notCheckedMessage("no scan has run yet");
            return new Report(false, now, null, lastFullScan, false,
                              new DataStatus(false, List.of(), null, message, List.of()), sources(lastFullScan),
                              HealthScore.of(List.of(), false), summary(List.of(), List.of()),
                              ecosystems(List.of(), false), List.of(), List.of(), List.of(), List.of(), List.of(),
                              message);
        }
        List<Located> located = located(results);
        DataStatus data = dataStatus(results);
        List<Component> components = located.stream().map(Located::component).toList();
        HealthScore.Health health = HealthScore.of(components, data.checked());
        Instant scannedAt = results.stream().map(TargetResult::scannedAt).max(Comparator.naturalOrder()).orElse(null);
        return new Report(true, now, scannedAt, lastFullScan, data.checked(), data, sources(lastFullScan), health,
                          summary(results, located), ecosystems(components, data.checked()),
                          results.stream().map(Report::targetView).toList(),
                          componentViews(located, c -> true), vulnerabilityViews(located, c -> true),
                          outdatedViews(located, c -> true),
                          licenseViews(located, each -> each.component().licenseDenied()), data.message());
    }

    /** The sources the last full scan consulted (a plugin file's own scan lists its sources in the history). */
    private static List<VulnerabilitySource> sources(ScanHistory.Scan lastFullScan) {
        return lastFullScan == null ? List.of() : lastFullScan.vulnerabilitySources();
    }

    /** Every ecosystem, in a fixed order, with zeros where none was found. */
    static Map<String, EcosystemFigures> ecosystems(List<Component> components, boolean checked) {
        Map<String, EcosystemFigures> figures = new LinkedHashMap<>();
        for (Ecosystem ecosystem : Ecosystem.values()) {
            List<Component> own = components.stream().filter(c -> c.ecosystem() == ecosystem).toList();
            Map<String, Integer> vulnerabilities = null;
            if (checked) {
                Map<Severity, Integer> counted = HealthScore.of(own, true).vulnerabilities();
                vulnerabilities = new LinkedHashMap<>();
                vulnerabilities.put("total", counted.values().stream().mapToInt(Integer::intValue).sum());
                for (Severity severity : Severity.values()) {
                    vulnerabilities.put(severity.label(), counted.getOrDefault(severity, 0));
                }
            }
            figures.put(ecosystem.key(), new EcosystemFigures(own.size(), vulnerabilities));
        }
        return figures;
    }

    static List<Located> located(List<TargetResult> results) {
        List<Located> located = new ArrayList<>();
        for (TargetResult result : results) {
            for (Component component : result.components()) {
                located.add(new Located(component, result));
            }
        }
        return located;
    }

    static DataStatus dataStatus(List<TargetResult> results) {
        Set<String> sources = new LinkedHashSet<>();
        Set<String> problems = new LinkedHashSet<>();
        List<String> unchecked = new ArrayList<>();
        Instant updatedAt = null;
        for (TargetResult result : results) {
            if (result.vulnerabilitiesChecked()) {
                if (result.dataSource() != null) {
                    sources.add(result.dataSource());
                }
                if (result.dataUpdatedAt() != null && (updatedAt == null || result.dataUpdatedAt().isBefore(updatedAt))) {
                    updatedAt = result.dataUpdatedAt(); // the stalest data is the one to worry about
                }
            } else {
                unchecked.add(result.key());
                problems.add(result.dataProblem() == null ? "no vulnerability data was used" : result.dataProblem());
            }
        }
        if (unchecked.isEmpty()) {
            return new DataStatus(true, List.copyOf(sources), updatedAt, null, List.of());
        }
        String problem = String.join("; ", problems);
        String message = VulnerabilityData.notCheckedMessage(problem)
                + (unchecked.size() < results.size() ? " (Not checked: " + String.join(", ", unchecked) + ".)" : "");
        return new DataStatus(false, List.copyOf(sources), updatedAt, message, unchecked);
    }

    static Summary summary(List<TargetResult> results, List<Located> located) {
        Map<String, Integer> severities = new LinkedHashMap<>();
        for (Severity severity : Severity.values()) {
            severities.put(severity.label(), 0);
        }
        Map<UpdateType, Integer> updates = new EnumMap<>(UpdateType.class);
        int vulnerableComponents = 0;
        int unknown = 0;
        int licenseFindings = 0;
        for (Located each : located) {
            Component component = each.component();
            if (!component.vulnerabilities().isEmpty()) {
                vulnerableComponents++;
            }
            component.vulnerabilities().forEach(v -> severities.merge(v.severity().label(), 1, Integer::sum));
            if (component.outdated().updateType() != null) {
                updates.merge(component.outdated().updateType(), 1, Integer::sum);
            }
            if (notDetermined(component)) {
                unknown++;
            }
            if (component.licenseDenied()) {
                licenseFindings++;
            }
        }
        Map<String, Integer> vulnerabilities = new LinkedHashMap<>();
        vulnerabilities.put("total", severities.values().stream().mapToInt(Integer::intValue).sum());
        vulnerabilities.putAll(severities);
        Map<String, Integer> outdated = new LinkedHashMap<>();
        outdated.put("total", updates.values().stream().mapToInt(Integer::intValue).sum());
        for (UpdateType type : UpdateType.values()) {
            outdated.put(type.name().toLowerCase(java.util.Locale.ROOT), updates.getOrDefault(type, 0));
        }
        return new Summary(results.size(), located.size(), vulnerableComponents, vulnerabilities, outdated, unknown,
                           licenseFindings);
    }

    /** Its newest version could not be found: the registry could not tell, or could not be reached. */
    static boolean notDetermined(Component component) {
        Component.OutdatedState state = component.outdated();
        return state.status() == Component.OutdatedState.Status.UNKNOWN
                || state.status() == Component.OutdatedState.Status.NOT_CHECKED && state.error() != null;
    }

    /** Distinct library versions with a licence finding: what the history, the signal and the metric count. */
    static int licenseFindingLibraries(List<Component> components) {
        return (int) components.stream().filter(Component::licenseDenied).map(HealthScore::libraryKey).distinct()
                .count();
    }

    static List<LicenseView> licenseViews(List<Located> located, Predicate<Located> filter) {
        return located.stream().filter(filter).map(each -> {
            Component c = each.component();
            return new LicenseView(c.name(), c.version(), c.ecosystem().key(), c.purl(), c.file(), c.licenses(),
                                   c.licenseSource(), c.licenseDenied(), c.licenseDeniedBy(), each.target().key(),
                                   each.target().pluginId());
        }).toList();
    }

    static TargetView targetView(TargetResult result) {
        int vulnerabilities = result.components().stream().mapToInt(c -> c.vulnerabilities().size()).sum();
        int outdated = (int) result.components().stream().filter(c -> c.outdated().updateType() != null).count();
        return new TargetView(result.key(), result.kind().label(), result.location(), result.pluginId(),
                              result.scannedAt(), result.components().size(), vulnerabilities, outdated,
                              result.vulnerabilitiesChecked(), result.error());
    }

    static List<ComponentView> componentViews(List<Located> located, Predicate<Located> filter) {
        return located.stream().filter(filter).map(each -> {
            Component c = each.component();
            return new ComponentView(c.name(), c.ecosystem().key(), c.groupId(), c.artifactId(), c.version(), c.file(),
                                     c.licenses(),
                                     c.sha1(), c.purl(), c.cpes(),
                                     c.vulnerabilities().stream().map(Component.Vulnerability::id).toList(),
                                     c.outdated(), each.target().key(), each.target().pluginId());
        }).toList();
    }

    /** Most severe first (by CVSS score within a severity), then by id. */
    static List<VulnerabilityView> vulnerabilityViews(List<Located> located, Predicate<Located> filter) {
        List<VulnerabilityView> views = new ArrayList<>();
        for (Located each : located) {
            if (!filter.test(each)) {
                continue;
            }
            Component c = each.component();
            Affected affected = new Affected(c.name(), c.ecosystem().key(), c.version(), c.file(), c.purl(),
                                             each.target().key(), each.target().pluginId());
            for (Component.Vulnerability v : c.vulnerabilities()) {
                views.add(new VulnerabilityView(v.id(), v.cvssScore(), v.cvssVersion(), v.severity(),
                                                v.description(), v.source(), v.url(), v.knownExploited(), affected));
            }
        }
        views.sort(Comparator.comparing((VulnerabilityView v) -> v.severity().ordinal())
                           .thenComparing(v -> v.cvssScore() == null ? 0 : -v.cvssScore())
                           .thenComparing(VulnerabilityView::id)
                           .thenComparing(v -> v.component().file()));
        return views;
    }

    /** Furthest behind first. */
    static List<OutdatedView> outdatedViews(List<Located> located, Predicate<Located> filter) {
        return located.stream().filter(filter)
                .filter(each -> each.component().outdated().updateType() != null)
                .map(each -> {
                    Component c = each.component();
                    return new OutdatedView(c.name(), c.ecosystem().key(), c.groupId(), c.artifactId(), c.version(),
                                            c.outdated().latestVersion(), c.outdated().updateType(),
                                            c.outdated().latestReleasedAt(), c.purl(), c.file(), each.target().key(),
                                            each.target().pluginId());
                })
                .sorted(Comparator.comparing(OutdatedView::updateType).thenComparing(OutdatedView::name)
                                .thenComparing(OutdatedView::file))
                .toList();
    }
}
