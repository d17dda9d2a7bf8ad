package dev.vigil.api.storage;

/**
 * The SQL dialect of the server's database. Migrations write portable SQL with two tokens the kernel expands:
 * {@code ${ID}} (an auto-increment 64-bit primary key column type) and {@code ${BLOB}} (binary data).
 * Everything else used by Vigil's plugins is common to both: {@code BIGINT} epoch milliseconds for times,
 * {@code DOUBLE PRECISION}, {@code TEXT}, {@code INSERT ... ON CONFLICT ... DO UPDATE}, {@code RETURNING}.
 */
public enum Dialect {
    SQLITE("INTEGER PRIMARY KEY AUTOINCREMENT", "BLOB"),
    POSTGRESQL("BIGSERIAL PRIMARY KEY", "BYTEA");

    private final String idColumn;
    private final String blobType;

    Dialect(String idColumn, String blobType) {
        this.idColumn = idColumn;
        this.blobType = blobType;
    }

    /** Expands the portable tokens of a statement for this dialect. */
    public String render(String sql) {
        return sql.replace("${ID}", idColumn).replace("${BLOB}", blobType);
    }
}
