package dev.vigil.kernel.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.Caller;
import dev.vigil.api.http.Role;
import dev.vigil.kernel.storage.KernelStorage;

/**
 * API tokens. Only SHA-256 digests are kept; a presented token is hashed once and compared with every known
 * digest in constant time. Sources: environment variables, hashes in vigil.yaml, tokens made through the admin
 * API (stored in {@code vigil_tokens}), and the bootstrap admin token created on a first start without any.
 */
public final class TokenStore {

    private static final System.Logger LOG = System.getLogger(TokenStore.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A known token. */
    public record Token(String name, Role role, byte[] digest, String source, Instant createdAt, String createdBy) {
    }

    private final List<Token> tokens = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> revocationListeners = new CopyOnWriteArrayList<>();
    private final KernelStorage storage;
    private final Clock clock;

    public TokenStore(KernelStorage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    public void prepare() throws SQLException {
        storage.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS vigil_tokens (name TEXT PRIMARY KEY, role TEXT NOT NULL, "
                                          + "token_sha256 TEXT NOT NULL, created_at BIGINT NOT NULL, "
                                          + "created_by TEXT NOT NULL)");
            }
            return null;
        });
        try (Connection connection = storage.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT name, role, token_sha256, created_at, created_by FROM vigil_tokens ORDER BY name")) {
            while (rows.next()) {
                tokens.add(new Token(rows.getString(1), Role.valueOf(rows.getString(2)),
                                     HexFormat.of().parseHex(rows.getString(3)), "api",
                                     Instant.ofEpochMilli(rows.getLong(4)), rows.getString(5)));
            }
        }
    }

    /** A plain token from the environment or a test. */
    public void addPlain(String name, Role role, String token, String source) {
        if (token != null && !token.isBlank()) {
            tokens.add(new Token(name, role, digest(token), source, clock.instant(), source));
        }
    }

    /** A SHA-256 digest (hex) from vigil.yaml. */
    public void addDigest(String name, Role role, String sha256Hex) {
        tokens.add(new Token(name, role, HexFormat.of().parseHex(sha256Hex.trim().toLowerCase(java.util.Locale.ROOT)),
                             "config", clock.instant(), "config"));
    }

    /**
     * With no admin token from any source, reads or creates {@code <dataDir>/admin.token} (owner-only) and logs
     * where it is, never the token.
     */
    public void ensureAdmin(Path dataDir) throws IOException {
        Path file = dataDir.resolve("admin.token");
        if (Files.exists(file)) {
            addPlain("bootstrap-admin", Role.ADMIN, Files.readString(file).trim(), "bootstrap");
            LOG.log(System.Logger.Level.INFO, "admin token: read from {0}", file);
            return;
        }
        if (tokens.stream().anyMatch(t -> t.role() == Role.ADMIN)) {
            return;
        }
        String token = newToken();
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            // another process made it first: use theirs
            addPlain("bootstrap-admin", Role.ADMIN, Files.readString(file).trim(), "bootstrap");
            return;
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
        addPlain("bootstrap-admin", Role.ADMIN, token, "bootstrap");
        LOG.log(System.Logger.Level.WARNING, "no admin token was configured: created one in {0} (readable by "
                + "this user only). Send it as 'Authorization: Bearer <token>'.", file);
    }

    /** The caller a presented token belongs to. Compares against every token so timing reveals nothing. */
    public Optional<Caller> authenticate(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = digest(presented);
        Token match = null;
        for (Token token : tokens) {
            if (MessageDigest.isEqual(token.digest(), digest) && match == null) {
                match = token;
            }
        }
        return match == null ? Optional.empty() : Optional.of(new Caller(match.name(), match.role()));
    }

    /** Whether the caller's token still exists with the caller's role: a long-lived answer asks again later. */
    public boolean holds(Caller caller) {
        return tokens.stream().anyMatch(t -> t.name().equals(caller.tokenName()) && t.role() == caller.role());
    }

    /** Told the name of each token that stops holding, after it has: its open answers end. */
    public void onRevoked(Consumer<String> listener) {
        revocationListeners.add(listener);
    }

    /** Makes a token, stores its digest, and answers the token itself: the only time it is shown. */
    public String create(String name, Role role, String createdBy) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw ApiException.invalidField("name", "must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (role == null || role == Role.PUBLIC) {
            throw ApiException.invalidField("role", "must be one of admin, viewer, ingest");
        }
        if (tokens.stream().anyMatch(t -> t.name().equals(name))) {
            throw ApiException.conflict("a token named '" + name + "' exists already", Map.of("name", name));
        }
        String token = newToken();
        byte[] digest = digest(token);
        Instant now = clock.instant();
        try {
            storage.inTransaction(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO vigil_tokens (name, role, token_sha256, created_at, created_by) "
                                + "VALUES (?, ?, ?, ?, ?)")) {
                    insert.setString(1, name);
                    insert.setString(2, role.name());
                    insert.setString(3, HexFormat.of().formatHex(digest));
                    insert.setLong(4, now.toEpochMilli());
                    insert.setString(5, createdBy);
                    insert.executeUpdate();
                }
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("token could not be stored: " + e.getMessage(), e);
        }
        tokens.add(new Token(name, role, digest, "api", now, createdBy));
        LOG.log(System.Logger.Level.INFO, "token {0} ({1}) created by {2}", name, role.label(), createdBy);
        return token;
    }

    /** Deletes a token made through the API. */
    public void delete(String name, String deletedBy) {
        Token token = tokens.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> ApiException.notFound("no token named '" + name + "'"));
        if (!token.source().equals("api")) {
            throw ApiException.conflict("token '" + name + "' comes from " + token.source()
                                                + " and can only be removed there", Map.of("source", token.source()));
        }
        try {
            storage.inTransaction(connection -> {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM vigil_tokens WHERE name = ?")) {
                    delete.setString(1, name);
                    delete.executeUpdate();
                }
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("token could not be deleted: " + e.getMessage(), e);
        }
        tokens.remove(token);
        LOG.log(System.Logger.Level.INFO, "token {0} deleted by {1}", name, deletedBy);
        revocationListeners.forEach(listener -> listener.accept(name));
    }

    public List<Map<String, Object>> describe() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Token token : tokens) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("name", token.name());
            view.put("role", token.role().label());
            view.put("source", token.source());
            view.put("created_at", token.createdAt());
            view.put("created_by", token.createdBy());
            list.add(view);
        }
        return list;
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "vgl_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
