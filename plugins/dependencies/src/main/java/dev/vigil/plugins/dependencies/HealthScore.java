package dev.vigil.plugins.dependencies;

import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The 0-100 health score (the README shows the same formula):
 *
 * <pre>
 * score = 100 - min(70, 25·critical + 10·high + 4·medium + 1·low + 4·unknown)
 *             - min(30, 3·major + 1·minor + 0.5·patch)
 * </pre>
 *
 * where each vulnerability counts once per distinct library version (the same jar in three plugins is one problem
 * to fix), and each outdated library version once. Vulnerabilities weigh more than staleness, and the caps keep
 * one kind of problem from hiding the other. Without vulnerability data there is no score: a number computed from
 * outdated versions alone would read like a pass.
 */
final class HealthScore {

    static final String FORMULA = "100 - min(70, 25*critical + 10*high + 4*medium + 1*low + 4*unknown) "
            + "- min(30, 3*major + 1*minor + 0.5*patch); each vulnerability and each outdated library counted once "
            + "per distinct library version";

    private static final Map<Severity, Double> SEVERITY_WEIGHT = new EnumMap<>(Map.of(
            Severity.CRITICAL, 25.0, Severity.HIGH, 10.0, Severity.MEDIUM, 4.0, Severity.LOW, 1.0,
            Severity.UNKNOWN, 4.0));
    private static final Map<UpdateType, Double> UPDATE_WEIGHT = new EnumMap<>(Map.of(
            UpdateType.MAJOR, 3.0, UpdateType.MINOR, 1.0, UpdateType.PATCH, 0.5));
    private static final double MAX_VULNERABILITY_PENALTY = 70;
    private static final double MAX_OUTDATED_PENALTY = 30;

    private HealthScore() {
    }

    /**
     * @param score                null when vulnerabilities were not checked everywhere
     * @param outdatedOnlyScore    the score from outdated versions alone: shown, never a substitute for {@code score}
     */
    record Health(Integer score, boolean complete, double vulnerabilityPenalty, double outdatedPenalty,
                  Integer outdatedOnlyScore, Map<Severity, Integer> vulnerabilities, Map<UpdateType, Integer> outdated,
                  String formula, String note) {
    }

    static Health of(Collection<Component> components, boolean vulnerabilitiesChecked) {
        Map<Severity, Integer> severities = new EnumMap<>(Severity.class);
        Map<UpdateType, Integer> updates = new EnumMap<>(UpdateType.class);
        Set<String> seenVulnerabilities = new HashSet<>();
        Set<String> seenOutdated = new HashSet<>();
        for (Component component : components) {
            String library = libraryKey(component);
            for (Component.Vulnerability vulnerability : component.vulnerabilities()) {
                if (seenVulnerabilities.add(library + "|" + vulnerability.id())) {
                    severities.merge(vulnerability.severity(), 1, Integer::sum);
                }
            }
            UpdateType update = component.outdated().updateType();
            if (update != null && seenOutdated.add(library)) {
                updates.merge(update, 1, Integer::sum);
            }
        }
        double vulnerabilityPenalty = Math.min(MAX_VULNERABILITY_PENALTY, weighted(severities, SEVERITY_WEIGHT));
        double outdatedPenalty = Math.min(MAX_OUTDATED_PENALTY, weighted(updates, UPDATE_WEIGHT));
        int outdatedOnly = clamp(100 - outdatedPenalty);
        if (!vulnerabilitiesChecked) {
            return new Health(null, false, 0, outdatedPenalty, outdatedOnly, severities, updates, FORMULA,
                              "no score: vulnerabilities were not checked, and a score without them would look "
                                      + "like a pass");
        }
        return new Health(clamp(100 - vulnerabilityPenalty - outdatedPenalty), true, vulnerabilityPenalty,
                          outdatedPenalty, outdatedOnly, severities, updates, FORMULA, null);
    }

    /** The same library version wherever it lies: its package URL, else name and version, else its checksum. */
    static String libraryKey(Component component) {
        if (component.purl() != null) {
            return component.purl();
        }
        if (component.name() != null && component.version() != null) {
            return component.name() + "@" + component.version();
        }
        return component.sha1() != null ? component.sha1() : component.file();
    }

    private static <K extends Enum<K>> double weighted(Map<K, Integer> counts, Map<K, Double> weights) {
        double sum = 0;
        for (Map.Entry<K, Integer> entry : counts.entrySet()) {
            sum += weights.get(entry.getKey()) * entry.getValue();
        }
        return sum;
    }

    private static int clamp(double value) {
        return (int) Math.max(0, Math.min(100, Math.round(value)));
    }
}
