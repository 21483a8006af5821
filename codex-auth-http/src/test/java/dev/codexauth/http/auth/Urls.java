package dev.codexauth.http.auth;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads query parameters back out of an authorize URL, in order. */
final class Urls {

    private Urls() {
    }

    static Map<String, String> query(URI url) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : url.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    static URI redirectUri(URI authorizeUrl) {
        return URI.create(query(authorizeUrl).get("redirect_uri"));
    }
}
