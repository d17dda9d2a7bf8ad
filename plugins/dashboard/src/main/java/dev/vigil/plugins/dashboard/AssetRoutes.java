package dev.vigil.plugins.dashboard;

import java.util.Set;

import dev.vigil.api.http.ApiException;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The public, static part of the dashboard: the page at {@code /}, its script and stylesheet under
 * {@code /assets/}, and the browser agent at {@code /vigil.js}. Nothing here reads data: the app signs in and
 * calls the JSON API with the user's token.
 */
final class AssetRoutes {

    private static final Set<String> APP_ASSETS = Set.of("app.js", "app.css", "favicon.svg",
                                                         "THIRD-PARTY-NOTICES.txt");
    /** The agent is included by other sites' pages: short caching, so a config change reaches them soon. */
    private static final String AGENT_CACHE = "public, max-age=300";

    private final WebAssets web;

    AssetRoutes(WebAssets web) {
        this.web = web;
    }

    void index(ServerRequest request, ServerResponse response) {
        response.header(HeaderNames.create("X-Frame-Options"), "DENY");
        response.header(HeaderNames.create("Content-Security-Policy"),
                        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                + "connect-src 'self'; frame-ancestors 'none'");
        response.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        send(request, response, WebAssets.INDEX, "no-cache");
    }

    void asset(ServerRequest request, ServerResponse response) {
        String name = request.path().pathParameters().get("name");
        if (!APP_ASSETS.contains(name)) {
            throw ApiException.notFound("no dashboard asset named '" + name + "'");
        }
        // A versioned link names exactly this content: it may be cached for good.
        boolean versioned = request.query().first("v").asOptional()
                .map(v -> v.equals(web.find(name).orElseThrow().hash())).orElse(false);
        send(request, response, name, versioned ? "public, max-age=31536000, immutable" : "no-cache");
    }

    void agent(ServerRequest request, ServerResponse response) {
        send(request, response, WebAssets.AGENT, AGENT_CACHE);
    }

    private void send(ServerRequest request, ServerResponse response, String name, String cacheControl) {
        WebAssets.Asset asset = web.find(name).orElseThrow(() -> ApiException.notFound("no asset " + name));
        response.header(HeaderNames.CACHE_CONTROL, cacheControl);
        response.header(HeaderNames.ETAG, asset.etag());
        response.header(HeaderNames.VARY, "Accept-Encoding");
        boolean fresh = request.headers().first(HeaderNames.IF_NONE_MATCH)
                .map(tags -> tags.contains(asset.etag())).orElse(false);
        if (fresh) {
            response.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        response.header(HeaderNames.CONTENT_TYPE, asset.contentType());
        boolean gzip = request.headers().first(HeaderNames.ACCEPT_ENCODING)
                .map(accepted -> accepted.contains("gzip")).orElse(false);
        if (gzip) {
            response.header(HeaderNames.CONTENT_ENCODING, "gzip");
            response.send(asset.gzipped());
        } else {
            response.send(asset.bytes());
        }
    }
}
