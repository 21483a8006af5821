package dev.codexauth.testkit;

import java.util.Objects;

/**
 * The ChatGPT account the sandbox signs everyone in as. Its values appear in the JWT claims
 * (SPEC §4) and the backend checks {@code ChatGPT-Account-ID} against {@link #accountId()}.
 *
 * @param accountId the ChatGPT account id ({@code chatgpt_account_id})
 * @param userId    the user id ({@code chatgpt_user_id})
 * @param email     the email address (top-level {@code email} claim)
 * @param planType  the plan ({@code chatgpt_plan_type}: free, go, plus, pro, team, business, enterprise, edu)
 */
public record SandboxAccount(String accountId, String userId, String email, String planType) {

    /** The account a sandbox uses unless told otherwise: a Plus subscriber. */
    public static final SandboxAccount DEFAULT = new SandboxAccount(
            "acc-sandbox-0001", "user-sandbox-0001", "sandbox.user@example.com", "plus");

    public SandboxAccount {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(planType, "planType");
    }
}
