package dev.codexauth.auth;

import java.net.URI;
import java.time.Duration;

/**
 * A device-code sign-in in progress (SPEC §2): the user opens {@link #verificationUri()} and types
 * {@link #userCode()}; the client polls every {@link #interval()}. The user code is meant to be shown;
 * {@code toString()} still omits the device auth id, which only the client should know.
 */
public record DeviceCode(String deviceAuthId, String userCode, Duration interval, URI verificationUri) {

    @Override
    public String toString() {
        return "DeviceCode[userCode=" + userCode + ", interval=" + interval + ", verificationUri=" + verificationUri + "]";
    }
}
