package dev.vigil.plugins.dashboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * The web app and the browser agent, bundled into the plugin jar at build time and held in memory: each file with
 * its gzip form and a content hash. The page links assets with {@code ?v=<hash>}, so browsers may cache them for
 * good and a new plugin version is fetched at once.
 */
final class WebAssets {

    /** Where build.mjs puts the bundle inside the jar. */
    static final String BASE = "/dev/vigil/plugins/dashboard/web/";
    static final String INDEX = "index.html";
    static final String AGENT = "vigil.js";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "txt", "text/plain; charset=utf-8");

    /** One file as served. */
    record Asset(String name, byte[] bytes, byte[] gzipped, String contentType, String hash) {
        String etag() {
            return "\"" + hash + "\"";
        }
    }

    private final Map<String, Asset> assets = new ConcurrentHashMap<>();
    private final Map<String, String> sources = new ConcurrentHashMap<>();

    /** Reads the bundle from the plugin's class path; fails the start when the build did not bundle it. */
    static WebAssets load(Class<?> anchor) {
        WebAssets web = new WebAssets();
        for (String name : new String[] {INDEX, AGENT, "app.js", "app.css", "favicon.svg",
                "THIRD-PARTY-NOTICES.txt"}) {
            web.sources.put(name, read(anchor, name));
        }
        return web;
    }

    /**
     * Renders the files whose content depends on the config (the page's title, the agent's thresholds) and
     * prepares them all for serving.
     */
    void render(DashboardConfig config) {
        for (Map.Entry<String, String> source : sources.entrySet()) {
            String name = source.getKey();
            if (!name.equals(INDEX)) {
                String text = source.getValue();
                if (name.equals(AGENT)) {
                    text = text.replace("%%SLOW_RESOURCE_MS%%", String.valueOf(config.slowResourceMs()))
                            .replace("%%FLUSH_INTERVAL_MS%%", String.valueOf(config.agentFlushInterval().toMillis()));
                }
                assets.put(name, asset(name, text));
            }
        }
        String index = sources.get(INDEX)
                .replace("%%TITLE%%", escapeHtml(config.title()))
                .replace("%%APP_JS%%", "/assets/app.js?v=" + assets.get("app.js").hash())
                .replace("%%APP_CSS%%", "/assets/app.css?v=" + assets.get("app.css").hash())
                .replace("%%FAVICON%%", "/assets/favicon.svg?v=" + assets.get("favicon.svg").hash());
        assets.put(INDEX, asset(INDEX, index));
    }

    Optional<Asset> find(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    private static Asset asset(String name, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String extension = name.substring(name.lastIndexOf('.') + 1);
        return new Asset(name, bytes, gzip(bytes), TYPES.getOrDefault(extension, "application/octet-stream"),
                         hash(bytes));
    }

    private static String read(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's web bundle lacks " + name
                                                        + ": the plugin was built without its front end");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
