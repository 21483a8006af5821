package dev.codexauth.testkit;

import java.util.List;

/**
 * Names of the endpoints the sandbox serves, as the {@link Journal} counts them and as
 * {@link Faults#arm(String, Fault, int)} targets them (also the keys of {@code counts} in
 * {@code GET /__sandbox/journal}).
 */
public final class Endpoint {

    /** {@code GET|POST /oauth/authorize}: the consent page and its decision. */
    public static final String AUTHORIZE = "authorize";
    /** {@code POST /oauth/token} with {@code grant_type=authorization_code}. */
    public static final String TOKEN_AUTHORIZATION_CODE = "token.authorization_code";
    /** {@code POST /oauth/token} with {@code grant_type=refresh_token}. */
    public static final String TOKEN_REFRESH = "token.refresh_token";
    /** {@code POST /oauth/revoke}. */
    public static final String REVOKE = "revoke";
    /** {@code POST /api/accounts/deviceauth/usercode}. */
    public static final String DEVICE_USERCODE = "device.usercode";
    /** {@code POST /api/accounts/deviceauth/token} (the poll). */
    public static final String DEVICE_TOKEN = "device.token";
    /** {@code GET|POST /codex/device}: the page where a user approves a device code. */
    public static final String DEVICE_PAGE = "device.page";
    /** {@code GET /.well-known/jwks.json}. */
    public static final String JWKS = "jwks";
    /** {@code POST /backend-api/codex/responses}. */
    public static final String RESPONSES = "responses";
    /** {@code GET /backend-api/codex/models}. */
    public static final String MODELS = "models";
    /** {@code GET /backend-api/wham/usage}. */
    public static final String USAGE = "usage";
    /** {@code GET /github-api/repos/openai/codex/releases/latest}. */
    public static final String GITHUB_LATEST = "github.latest";
    /** {@code GET /github/openai/codex/releases/latest} and {@code .../releases/tag/<tag>}. */
    public static final String GITHUB_RELEASE_PAGE = "github.release_page";
    /** {@code GET /github-raw/openai/codex/<tag>/codex-rs/.../models.json}. */
    public static final String GITHUB_CATALOG = "github.catalog";
    /** {@code GET /github-raw/openai/codex/<tag>/codex-rs/core/<prompt file>}. */
    public static final String GITHUB_PROMPT = "github.prompt";
    /** Any request the sandbox has no route for (answered 404). */
    public static final String UNKNOWN = "unknown";

    /** Every endpoint name above, in that order. */
    public static final List<String> ALL = List.of(AUTHORIZE, TOKEN_AUTHORIZATION_CODE, TOKEN_REFRESH, REVOKE,
            DEVICE_USERCODE, DEVICE_TOKEN, DEVICE_PAGE, JWKS, RESPONSES, MODELS, USAGE, GITHUB_LATEST,
            GITHUB_RELEASE_PAGE, GITHUB_CATALOG, GITHUB_PROMPT, UNKNOWN);

    private Endpoint() {
    }
}
