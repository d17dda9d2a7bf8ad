package dev.vigil.plugins.queries;

/**
 * The shape of a statement: its text with literals replaced by {@code ?}, lists collapsed, comments, whitespace,
 * case and identifier quoting normalised, and a short id derived from that text.
 *
 * @param id           16 hex digits of a 64-bit hash of {@code text}: the same shape always has the same id
 * @param text         the normalised statement
 * @param kind         its first word ({@code select}, {@code insert}, ...), or {@code other}
 * @param literals     a hash of the literal values in order: two statements of one shape with equal
 *                     {@code literals} ran with the same inline parameters
 * @param placeholders whether the statement has bind placeholders, whose values the text does not show
 */
record Fingerprint(String id, String text, String kind, long literals, boolean placeholders) {
}
