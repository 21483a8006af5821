package dev.codexauth.token;

/** Told whenever a login changes (sign-in, refresh, logout), e.g. to mirror tokens elsewhere. */
@FunctionalInterface
public interface CredentialsListener {

    /**
     * @param profile the login's profile
     * @param current the new credentials, or null after logout
     */
    void credentialsChanged(String profile, Credentials current);
}
