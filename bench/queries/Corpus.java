package dev.vigil.plugins.queries;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Realistic statements for the benchmarks: application shapes in three dialects, with random literals. */
final class Corpus {

    /** A statement text and the database it is written for. */
    record Sql(String text, String database) {
    }

    private static final String[][] TEMPLATES = {
        {"SELECT id, email, name, created_at FROM users WHERE id = %d", "postgresql"},
        {"SELECT \"id\", \"title\", \"author_id\" FROM \"books\" WHERE \"author_id\" = $1 ORDER BY \"id\" LIMIT 20", "postgresql"},
        {"SELECT o.id, o.total, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.status IN (%L) AND o.created_at > '2026-01-%02d' ORDER BY o.created_at DESC LIMIT 50", "postgresql"},
        {"INSERT INTO events (kind, payload, created_at) VALUES %V", "postgresql"},
        {"UPDATE accounts SET balance = balance - %d.%02d, updated_at = now() WHERE id = %d AND version = %d", "postgresql"},
        {"SELECT data->>'name' FROM docs WHERE data @> '{\"tenant\": %d}'::jsonb AND id = ANY(ARRAY[%L])", "postgresql"},
        {"SELECT `id`, `sku`, `price` FROM `products` WHERE `category_id` = %d AND `price` BETWEEN %d AND %d /* listing */", "mysql"},
        {"INSERT INTO `sessions` (`token`, `user_id`, `expires`) VALUES ('tok-%d', %d, %d) ON DUPLICATE KEY UPDATE `expires` = VALUES(`expires`)", "mysql"},
        {"SELECT * FROM audit_log WHERE actor = \"user-%d\" AND action <> 'login' # recent\nORDER BY id DESC LIMIT 100", "mysql"},
        {"DELETE FROM carts WHERE updated_at < %d AND user_id IS NULL", "mysql"},
        {"SELECT [name], [value] FROM [settings] WHERE [key] = 'k%d'", "sqlite"},
        {"INSERT OR REPLACE INTO kv (k, v) VALUES (?1, ?2)", "sqlite"},
        {"SELECT COUNT(*) FROM messages WHERE thread_id = %d AND read = 0", "sqlite"},
        {"WITH recent AS (SELECT user_id, MAX(created_at) AS last FROM posts WHERE created_at > %d GROUP BY user_id) SELECT u.name, r.last FROM users u JOIN recent r ON r.user_id = u.id WHERE u.active = true", "postgresql"},
        {"SELECT name FROM authors WHERE id = %d", "sqlite"},
        {"SELECT value FROM settings WHERE key = 'currency'", "sqlite"},
    };

    private Corpus() {
    }

    static List<Sql> generate(int count, long seed) {
        Random random = new Random(seed);
        List<Sql> statements = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String[] template = TEMPLATES[random.nextInt(TEMPLATES.length)];
            statements.add(new Sql(fill(template[0], random), template[1]));
        }
        return statements;
    }

    /** Replaces %d with numbers, %L with an IN-list of 1..30 numbers, %V with 1..20 rows of values. */
    private static String fill(String template, Random random) {
        StringBuilder out = new StringBuilder(template.length() + 64);
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '%' || i + 1 >= template.length()) {
                out.append(c);
                continue;
            }
            char kind = template.charAt(++i);
            switch (kind) {
                case 'd' -> out.append(random.nextInt(1_000_000));
                case '0' -> {
                    out.append(String.format("%02d", 1 + random.nextInt(28)));
                    i += 2;
                }
                case 'L' -> {
                    int n = 1 + random.nextInt(30);
                    for (int k = 0; k < n; k++) {
                        out.append(k == 0 ? "" : ", ").append(random.nextInt(10_000));
                    }
                }
                case 'V' -> {
                    int n = 1 + random.nextInt(20);
                    for (int k = 0; k < n; k++) {
                        out.append(k == 0 ? "" : ", ").append("('click', '{\"x\": ").append(random.nextInt(999))
                                .append("}', ").append(random.nextInt(1_000_000)).append(')');
                    }
                }
                default -> out.append('%').append(kind);
            }
        }
        return out.toString();
    }
}
