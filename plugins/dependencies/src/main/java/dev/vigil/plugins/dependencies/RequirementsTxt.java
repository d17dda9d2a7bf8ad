package dev.vigil.plugins.dependencies;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pip requirements file ({@code requirements.txt}, {@code requirements-dev.txt}, {@code requirements/base.txt}).
 * Only exact pins ({@code ==}, {@code ===}) name a version; ranges, URLs, editable installs and pip options
 * ({@code -r}, {@code --hash}...) do not, and are left out. Pure: text in, packages out.
 */
final class RequirementsTxt {

    /** {@code name[extras] == version ; markers}: PEP 508's name, then an exact pin. */
    private static final Pattern PIN = Pattern.compile(
            "^([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(?:\\[[^]]*])?\\s*===?\\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)\\s*(?:;.*)?$");

    private RequirementsTxt() {
    }

    static List<LockedPackage> read(String text) {
        List<LockedPackage> packages = new ArrayList<>();
        for (String line : text.replace("\\\r\n", " ").replace("\\\n", " ").split("\\R")) {
            String requirement = withoutComment(line).trim();
            if (requirement.isEmpty() || requirement.startsWith("-")) {
                continue; // pip options: -r other.txt, -e ., --index-url, --hash lines continued above
            }
            int option = requirement.indexOf(" --");
            if (option >= 0) {
                requirement = requirement.substring(0, option).trim(); // django==4.2.1 --hash=sha256:...
            }
            Matcher pin = PIN.matcher(requirement);
            if (pin.matches() && !pin.group(2).contains("*")) {
                packages.add(LockedPackage.pypi(pin.group(1), pin.group(2)));
            }
        }
        return packages;
    }

    /** pip treats '#' as a comment at the start of a line or after whitespace. */
    private static String withoutComment(String line) {
        if (line.startsWith("#")) {
            return "";
        }
        Matcher comment = Pattern.compile("\\s#").matcher(line);
        return comment.find() ? line.substring(0, comment.start()) : line;
    }
}
