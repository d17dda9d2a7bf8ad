package dev.vigil.plugins.queries;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.vigil.plugins.queries.SqlTokenizer.Token;
import dev.vigil.plugins.queries.SqlTokenizer.Type;

/**
 * Reduces a statement to its shape (pure logic, no I/O):
 * <ul>
 *   <li>string, number, hex, bit, boolean and dollar-quoted literals, and bind placeholders, become {@code ?};
 *       a sign in front of a number belongs to the literal ({@code > -5} and {@code > 5} are one shape);</li>
 *   <li>{@code NULL} as a value becomes {@code ?}, but {@code IS [NOT] NULL} is kept: it is a test, not a value;</li>
 *   <li>IN-lists, {@code ARRAY[...]} and multi-row {@code VALUES} of any length collapse to one item;</li>
 *   <li>comments ({@code --}, {@code /* *}{@code /}, {@code #}) go, whitespace becomes canonical spacing,
 *       words are lower-cased, {@code "x"}, {@code `x`} and {@code [x]} all become {@code x}, {@code !=} becomes
 *       {@code <>}, and trailing semicolons go.</li>
 * </ul>
 */
final class Fingerprinter {

    /** Words after which {@code -} / {@code +} is a sign (not subtraction), and which take a space before "(". */
    private static final Set<String> KEYWORDS = Set.of(
            "select", "from", "where", "and", "or", "not", "in", "is", "like", "ilike", "between", "when", "then",
            "else", "case", "values", "set", "by", "limit", "offset", "on", "return", "returning", "having",
            "distinct", "all", "any", "some", "exists", "escape", "interval", "top", "fetch", "first", "next", "rows",
            "row", "as", "into", "with", "union", "except", "intersect", "default", "over", "partition", "using",
            "join", "lateral", "update", "insert", "delete", "table", "do", "if", "elseif", "while", "div", "mod",
            "xor", "similar", "to", "glob", "regexp", "rlike", "match", "against", "filter", "within", "recursive",
            "key", "duplicate", "conflict", "ignore", "replace");

    private Fingerprinter() {
    }

    static Fingerprint fingerprint(String sql, SqlDialect dialect) {
        List<Token> tokens = SqlTokenizer.tokenize(sql, dialect);
        Normalised normalised = normalise(tokens);
        List<Node> tree = tree(normalised.leaves());
        collapseLists(tree);
        StringBuilder text = new StringBuilder(sql.length());
        new Renderer(text).render(tree);
        String shape = text.toString();
        return new Fingerprint(Hashing.hex(Hashing.of(shape)), shape, kind(normalised.leaves()),
                               Hashing.finish(normalised.literals()), normalised.placeholders());
    }

    // ---- step 1: literals and words ----

    /** What a leaf is, for spacing and for telling operands from operators. */
    private enum Kind { KEYWORD, NAME, VALUE, SYMBOL }

    private record Leaf(Kind kind, String text) implements Node {
    }

    private record Normalised(List<Leaf> leaves, long literals, boolean placeholders) {
    }

    private static final Leaf VALUE = new Leaf(Kind.VALUE, "?");

    private static Normalised normalise(List<Token> tokens) {
        List<Leaf> leaves = new ArrayList<>(tokens.size());
        long literals = Hashing.SEED;
        boolean placeholders = false;
        String sign = null;
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            String text = token.text();
            switch (token.type()) {
                case LITERAL -> {
                    literals = Hashing.separate(Hashing.add(literals, sign == null ? text : sign + text));
                    leaves.add(VALUE);
                }
                case PLACEHOLDER -> {
                    placeholders = true;
                    literals = Hashing.separate(Hashing.add(literals, text));
                    leaves.add(VALUE);
                }
                case IDENTIFIER -> leaves.add(new Leaf(Kind.NAME, text));
                case WORD -> {
                    if (text.equals("true") || text.equals("false") || (text.equals("null") && !followsIs(leaves))) {
                        literals = Hashing.separate(Hashing.add(literals, text));
                        leaves.add(VALUE);
                    } else {
                        leaves.add(new Leaf(KEYWORDS.contains(text) ? Kind.KEYWORD : Kind.NAME, text));
                    }
                }
                case SYMBOL -> {
                    if ((text.equals("-") || text.equals("+")) && i + 1 < tokens.size()
                            && tokens.get(i + 1).type() == Type.LITERAL && isNumber(tokens.get(i + 1).text())
                            && !endsWithOperand(leaves)) {
                        sign = text;
                        continue;
                    }
                    leaves.add(new Leaf(Kind.SYMBOL, text.equals("!=") ? "<>" : text));
                }
            }
            sign = null;
        }
        while (!leaves.isEmpty() && leaves.getLast().text().equals(";")) {
            leaves.removeLast();
        }
        return new Normalised(leaves, literals, placeholders);
    }

    /** {@code IS NULL}, {@code IS NOT NULL}, and the {@code NOT NULL} of a column definition: a keyword, no value. */
    private static boolean followsIs(List<Leaf> leaves) {
        int n = leaves.size();
        return n >= 1 && (leaves.get(n - 1).text().equals("is") || leaves.get(n - 1).text().equals("not"));
    }

    private static boolean endsWithOperand(List<Leaf> leaves) {
        if (leaves.isEmpty()) {
            return false;
        }
        Leaf last = leaves.getLast();
        return switch (last.kind()) {
            case NAME, VALUE -> true;
            case KEYWORD -> false;
            case SYMBOL -> last.text().equals(")") || last.text().equals("]");
        };
    }

    private static boolean isNumber(String literal) {
        char first = literal.charAt(0);
        return (first >= '0' && first <= '9') || first == '.';
    }

    private static String kind(List<Leaf> leaves) {
        for (Leaf leaf : leaves) {
            if (leaf.kind() == Kind.KEYWORD || leaf.kind() == Kind.NAME) {
                return leaf.text().length() > 20 ? "other" : leaf.text();
            }
        }
        return "other";
    }

    // ---- step 2: brackets as a tree, lists collapsed ----

    private sealed interface Node permits Leaf, Group {
    }

    /** A bracketed part; {@code close} is empty when the text ended before it closed. */
    private record Group(String open, List<Node> children, String close) implements Node {
    }

    private static List<Node> tree(List<Leaf> leaves) {
        List<List<Node>> stack = new ArrayList<>();
        List<String> opens = new ArrayList<>();
        List<Node> top = new ArrayList<>();
        List<Node> current = top;
        for (Leaf leaf : leaves) {
            String text = leaf.text();
            if (leaf.kind() == Kind.SYMBOL && (text.equals("(") || text.equals("["))) {
                stack.add(current);
                opens.add(text);
                current = new ArrayList<>();
            } else if (leaf.kind() == Kind.SYMBOL && !opens.isEmpty()
                    && text.equals(opens.getLast().equals("(") ? ")" : "]")) {
                Group group = new Group(opens.removeLast(), current, text);
                current = stack.removeLast();
                current.add(group);
            } else {
                current.add(leaf);
            }
        }
        while (!opens.isEmpty()) {
            Group group = new Group(opens.removeLast(), current, "");
            current = stack.removeLast();
            current.add(group);
        }
        return top;
    }

    private static void collapseLists(List<Node> nodes) {
        for (Node node : nodes) {
            if (node instanceof Group group) {
                collapseLists(group.children());
            }
        }
        for (int i = 1; i < nodes.size(); i++) {
            if (nodes.get(i) instanceof Group group && nodes.get(i - 1) instanceof Leaf before
                    && isListIntroducer(before, group)) {
                dedupeItems(group.children());
            }
        }
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) instanceof Leaf leaf && leaf.text().equals("values") && leaf.kind() == Kind.KEYWORD) {
                dedupeRows(nodes, i + 1);
            }
        }
    }

    /** {@code IN (...)}, {@code ANY (...)}, {@code ARRAY[...]}: the brackets hold a list of values. */
    private static boolean isListIntroducer(Leaf before, Group group) {
        String word = before.text();
        if (group.open().equals("[")) {
            return word.equals("array");
        }
        return word.equals("in");
    }

    /** Splits at top-level commas and keeps one item of each run of equal items. */
    private static void dedupeItems(List<Node> children) {
        List<List<Node>> items = new ArrayList<>();
        List<Node> item = new ArrayList<>();
        for (Node child : children) {
            if (child instanceof Leaf leaf && leaf.text().equals(",")) {
                items.add(item);
                item = new ArrayList<>();
            } else {
                item.add(child);
            }
        }
        items.add(item);
        if (items.size() < 2) {
            return;
        }
        List<Node> kept = new ArrayList<>(children.size());
        String previous = null;
        for (List<Node> each : items) {
            String text = Renderer.toText(each);
            if (!text.equals(previous)) {
                if (previous != null) {
                    kept.add(new Leaf(Kind.SYMBOL, ","));
                }
                kept.addAll(each);
                previous = text;
            }
        }
        children.clear();
        children.addAll(kept);
    }

    /** {@code VALUES (..), (..), (..)}: rows equal in shape to the row before them go. */
    private static void dedupeRows(List<Node> nodes, int first) {
        if (first >= nodes.size() || !(nodes.get(first) instanceof Group firstRow)) {
            return;
        }
        String previous = Renderer.toText(List.of(firstRow));
        int i = first + 1;
        while (i + 1 < nodes.size() && nodes.get(i) instanceof Leaf comma && comma.text().equals(",")
                && nodes.get(i + 1) instanceof Group row) {
            String text = Renderer.toText(List.of(row));
            if (text.equals(previous)) {
                nodes.remove(i + 1);
                nodes.remove(i);
            } else {
                previous = text;
                i += 2;
            }
        }
    }

    // ---- step 3: canonical text ----

    /** Writes nodes with one canonical spacing, whatever the spacing of the original. */
    private static final class Renderer {
        private final StringBuilder out;
        private Leaf previous;

        Renderer(StringBuilder out) {
            this.out = out;
        }

        static String toText(List<Node> nodes) {
            StringBuilder text = new StringBuilder();
            new Renderer(text).render(nodes);
            return text.toString();
        }

        void render(List<Node> nodes) {
            for (Node node : nodes) {
                if (node instanceof Leaf leaf) {
                    write(leaf);
                } else if (node instanceof Group group) {
                    write(new Leaf(Kind.SYMBOL, group.open()));
                    render(group.children());
                    if (!group.close().isEmpty()) {
                        write(new Leaf(Kind.SYMBOL, group.close()));
                    }
                }
            }
        }

        private void write(Leaf leaf) {
            if (previous != null && spaced(previous, leaf)) {
                out.append(' ');
            }
            out.append(leaf.text());
            previous = leaf;
        }

        private static boolean spaced(Leaf before, Leaf leaf) {
            String prior = before.text();
            if (before.kind() == Kind.SYMBOL && (prior.equals("(") || prior.equals("[") || prior.equals(".")
                    || prior.equals("::"))) {
                return false;
            }
            String text = leaf.text();
            if (leaf.kind() == Kind.SYMBOL) {
                switch (text) {
                    case ")", "]", ",", ".", "::", ";", "[" -> {
                        return false;
                    }
                    case "(" -> {
                        return before.kind() != Kind.NAME;
                    }
                    default -> {
                        return true;
                    }
                }
            }
            return true;
        }
    }
}
