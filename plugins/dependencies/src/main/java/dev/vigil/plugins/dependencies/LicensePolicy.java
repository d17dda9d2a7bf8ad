package dev.vigil.plugins.dependencies;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code licenses.deny} applied to a component's licences. Each licence is read as an SPDX expression when it is one
 * ({@code MIT OR Apache-2.0}, {@code (CC-BY-4.0 AND OFL-1.1 AND MIT)}, {@code GPL-2.0-only WITH
 * Classpath-exception-2.0}), else as a name ({@link LicenseNames}). {@code A OR B} is denied only when every
 * alternative is (you may pick the other), {@code A AND B} when any part is; {@code A WITH exception} is its own
 * licence (denying GPL-2.0-only does not deny it with the Classpath exception). Several licences listed for one
 * component are alternatives, as Maven's POM reference defines them. Ids compare without case; the operators are
 * upper case, as SPDX writes them ("GPL v2 or later" is a name, not an expression). A component without any licence
 * is never a finding.
 */
final class LicensePolicy {

    private static final Pattern TOKEN = Pattern.compile("\\(|\\)|[^\\s()]+");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9.+:-]+");

    /** The deny entries as configured, by their canonical id in lower case. */
    private final Map<String, String> denied = new LinkedHashMap<>();

    LicensePolicy(List<String> deny) {
        for (String entry : deny) {
            denied.putIfAbsent(lower(canonicalTerm(entry)), entry);
        }
    }

    boolean isEmpty() {
        return denied.isEmpty();
    }

    /** The components with {@link Component#licenseDeniedBy()} set. */
    List<Component> apply(List<Component> components) {
        return components.stream().map(c -> c.withLicenseDeniedBy(deniedBy(c.licenses()))).toList();
    }

    /** The deny entries that make these licences (alternatives) a finding; empty when they are allowed. */
    List<String> deniedBy(List<String> licenses) {
        if (denied.isEmpty() || licenses.isEmpty()) {
            return List.of();
        }
        Set<String> matched = new LinkedHashSet<>();
        for (String license : licenses) {
            Set<String> found = evaluate(parse(license));
            if (found == null) {
                return List.of(); // an allowed alternative
            }
            matched.addAll(found);
        }
        return List.copyOf(matched);
    }

    /** The deny entries that deny this expression, or null when it is allowed. */
    private Set<String> evaluate(Expression expression) {
        return switch (expression) {
            case Expression.Term term -> {
                String entry = denied.get(lower(term.id()));
                yield entry == null ? null : new LinkedHashSet<>(List.of(entry));
            }
            case Expression.All all -> {
                Set<String> found = null;
                for (Expression part : all.parts()) {
                    Set<String> denies = evaluate(part);
                    if (denies != null) {
                        found = found == null ? new LinkedHashSet<>() : found;
                        found.addAll(denies);
                    }
                }
                yield found;
            }
            case Expression.Any any -> {
                Set<String> found = new LinkedHashSet<>();
                for (Expression alternative : any.alternatives()) {
                    Set<String> denies = evaluate(alternative);
                    if (denies == null) {
                        yield null;
                    }
                    found.addAll(denies);
                }
                yield found;
            }
        };
    }

    /** A licence expression: a term, every part (AND), or any alternative (OR). */
    sealed interface Expression {
        record Term(String id) implements Expression {
        }

        record All(List<Expression> parts) implements Expression {
        }

        record Any(List<Expression> alternatives) implements Expression {
        }
    }

    /** An SPDX expression when the text is one, else one term: the whole name. */
    static Expression parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        String known = LicenseNames.canonical(trimmed);
        if (!known.equals(trimmed) || !looksLikeExpression(trimmed)) {
            return new Expression.Term(canonicalTerm(trimmed));
        }
        List<String> tokens = new ArrayList<>();
        TOKEN.matcher(trimmed).results().forEach(m -> tokens.add(m.group()));
        Parser parser = new Parser(tokens);
        try {
            Expression expression = parser.or();
            if (parser.position == tokens.size()) {
                return expression;
            }
        } catch (IllegalArgumentException e) {
            // not an expression after all: a name such as "GNU GPL (v3)"
        }
        return new Expression.Term(canonicalTerm(trimmed));
    }

    /** Every word an id or an operator, and one id alone or an operator somewhere. */
    private static boolean looksLikeExpression(String text) {
        List<String> words = new ArrayList<>();
        TOKEN.matcher(text).results().forEach(m -> words.add(m.group()));
        boolean operator = false;
        int ids = 0;
        for (String word : words) {
            if (word.equals("AND") || word.equals("OR") || word.equals("WITH")) {
                operator = true;
            } else if (!word.equals("(") && !word.equals(")")) {
                if (!ID.matcher(word).matches()) {
                    return false;
                }
                ids++;
            }
        }
        return operator || ids == 1;
    }

    /** {@code GPL-2.0 WITH Classpath-exception-2.0} keeps its exception; the licence part is made canonical. */
    private static String canonicalTerm(String text) {
        String trimmed = text.trim();
        int with = trimmed.indexOf(" WITH ");
        if (with > 0) {
            return LicenseNames.canonical(trimmed.substring(0, with)) + " WITH " + trimmed.substring(with + 6).trim();
        }
        return LicenseNames.canonical(trimmed);
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    /** or := and ('OR' and)*; and := with ('AND' with)*; with := atom ('WITH' id)?; atom := id | '(' or ')'. */
    private static final class Parser {
        private final List<String> tokens;
        private int position;

        Parser(List<String> tokens) {
            this.tokens = tokens;
        }

        Expression or() {
            List<Expression> alternatives = new ArrayList<>(List.of(and()));
            while (accept("OR")) {
                alternatives.add(and());
            }
            return alternatives.size() == 1 ? alternatives.getFirst() : new Expression.Any(alternatives);
        }

        private Expression and() {
            List<Expression> parts = new ArrayList<>(List.of(with()));
            while (accept("AND")) {
                parts.add(with());
            }
            return parts.size() == 1 ? parts.getFirst() : new Expression.All(parts);
        }

        private Expression with() {
            Expression atom = atom();
            if (accept("WITH")) {
                if (!(atom instanceof Expression.Term term)) {
                    throw new IllegalArgumentException("WITH after a parenthesis");
                }
                return new Expression.Term(LicenseNames.canonical(term.id()) + " WITH " + id());
            }
            return atom;
        }

        private Expression atom() {
            if (accept("(")) {
                Expression inner = or();
                if (!accept(")")) {
                    throw new IllegalArgumentException("')' expected");
                }
                return inner;
            }
            return new Expression.Term(LicenseNames.canonical(id()));
        }

        private String id() {
            if (position >= tokens.size()) {
                throw new IllegalArgumentException("a licence id expected");
            }
            String token = tokens.get(position++);
            if (token.equals("(") || token.equals(")") || token.equals("AND") || token.equals("OR")
                    || token.equals("WITH")) {
                throw new IllegalArgumentException("a licence id expected, got " + token);
            }
            return token;
        }

        private boolean accept(String token) {
            if (position < tokens.size() && tokens.get(position).equals(token)) {
                position++;
                return true;
            }
            return false;
        }
    }
}
