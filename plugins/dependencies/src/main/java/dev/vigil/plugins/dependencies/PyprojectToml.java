package dev.vigil.plugins.dependencies;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.moandjiezana.toml.Toml;

/**
 * A {@code pyproject.toml} that pins its dependencies itself, read when no {@code poetry.lock} lies beside it: PEP 621
 * ({@code [project] dependencies = ["django==4.2.1"]} and its optional-dependencies) and Poetry's
 * {@code [tool.poetry.dependencies]} / group dependencies ({@code django = "4.2.1"}, {@code "==4.2.1"} or
 * {@code {version = "4.2.1"}}). Ranges ({@code ^4.2}, {@code >=4}) pin nothing and are left out, as is
 * {@code python} itself.
 */
final class PyprojectToml {

    private PyprojectToml() {
    }

    static List<LockedPackage> read(String text) {
        Toml toml = new Toml().read(text);
        List<LockedPackage> packages = new ArrayList<>();
        pep508(toml.getList("project.dependencies"), packages);
        Toml optional = toml.getTable("project.optional-dependencies");
        if (optional != null) {
            for (Map.Entry<String, Object> extra : optional.entrySet()) {
                pep508(extra.getValue() instanceof List<?> list ? list : null, packages);
            }
        }
        poetry(toml.getTable("tool.poetry.dependencies"), packages);
        poetry(toml.getTable("tool.poetry.dev-dependencies"), packages);
        Toml groups = toml.getTable("tool.poetry.group");
        if (groups != null) {
            for (String group : groups.toMap().keySet()) {
                poetry(groups.getTable(group + ".dependencies"), packages);
            }
        }
        return packages;
    }

    /** Poetry's {@code poetry.lock}: one {@code [[package]]} table with name and version per locked package. */
    static List<LockedPackage> readPoetryLock(String text) {
        List<LockedPackage> packages = new ArrayList<>();
        List<Toml> locked = new Toml().read(text).getTables("package");
        if (locked != null) {
            for (Toml each : locked) {
                String name = each.getString("name");
                String version = each.getString("version");
                if (name != null && version != null) {
                    packages.add(LockedPackage.pypi(name, version));
                }
            }
        }
        return packages;
    }

    private static void pep508(List<?> requirements, List<LockedPackage> packages) {
        if (requirements == null) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        requirements.forEach(requirement -> lines.append(requirement).append('\n'));
        packages.addAll(RequirementsTxt.read(lines.toString()));
    }

    private static void poetry(Toml dependencies, List<LockedPackage> packages) {
        if (dependencies == null) {
            return;
        }
        for (Map.Entry<String, Object> entry : dependencies.entrySet()) {
            String name = entry.getKey().replace("\"", "");
            Object spec = entry.getValue();
            String version = spec instanceof String text ? text
                    : spec instanceof Toml table ? table.getString("version") : null;
            if (name.equalsIgnoreCase("python") || version == null) {
                continue;
            }
            version = version.startsWith("==") ? version.substring(2).trim() : version.trim();
            if (!version.isEmpty() && version.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.')
                    && Character.isDigit(version.charAt(0))) {
                packages.add(LockedPackage.pypi(name, version));
            }
        }
    }
}
