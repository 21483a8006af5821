package dev.codexauth.error;

/** A setting is invalid (a plain-http URL off loopback, a malformed duration, an unknown store...). */
public final class ConfigurationException extends CodexAuthException {

    public ConfigurationException(String message) {
        super(message, Recovery.FIX_CONFIGURATION, null);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, Recovery.FIX_CONFIGURATION, cause);
    }
}
