package dev.codexauth.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Device-code sign-ins in progress (SPEC §2). Thread-safe. */
final class DeviceLogins {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    enum State { PENDING, APPROVED, DENIED }

    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Device> byId = new HashMap<>();

    DeviceLogins(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    synchronized Device start() {
        String id = "deviceauth_" + TokenAuthority.random(18);
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            code.append(i == 4 ? '-' : ALPHABET.charAt(TokenAuthority.RANDOM.nextInt(ALPHABET.length())));
        }
        Device d = new Device(id, code.toString(), clock.instant().plus(ttl));
        byId.put(id, d);
        return d;
    }

    /** The device login for this id and user code, or null when there is none (both must match). */
    synchronized Device find(String deviceAuthId, String userCode) {
        Device d = deviceAuthId == null ? null : byId.get(deviceAuthId);
        return d != null && d.userCode.equalsIgnoreCase(userCode == null ? "" : userCode) ? d : null;
    }

    synchronized boolean expired(Device d) {
        return !clock.instant().isBefore(d.expiresAt);
    }

    /** What a poll finds. */
    enum PollState { UNKNOWN, PENDING, EXPIRED, DENIED, APPROVED }

    /** The outcome of one poll; code, challenge and verifier only when approved. */
    record Poll(PollState state, String code, String challenge, String verifier) {
        @Override
        public String toString() {
            return "Poll[" + state + "]";
        }
    }

    /** One poll; an approval is handed over once, which ends the device login. */
    synchronized Poll poll(String deviceAuthId, String userCode) {
        Device d = find(deviceAuthId, userCode);
        if (d == null) {
            return new Poll(PollState.UNKNOWN, null, null, null);
        }
        if (d.state == State.APPROVED) {
            byId.remove(d.id);
            return new Poll(PollState.APPROVED, d.code, d.challenge, d.verifier);
        }
        if (expired(d)) {
            return new Poll(PollState.EXPIRED, null, null, null);
        }
        return new Poll(d.state == State.DENIED ? PollState.DENIED : PollState.PENDING, null, null, null);
    }

    /** Approves a pending, unexpired code; false when there is no such code. */
    synchronized boolean approve(String userCode, String redirectUri, TokenAuthority tokens) {
        Device d = byUserCode(userCode);
        if (d == null || d.state != State.PENDING || expired(d)) {
            return false;
        }
        d.verifier = TokenAuthority.random(48);
        d.challenge = TokenAuthority.challengeOf(d.verifier);
        d.code = tokens.issueCode(redirectUri, d.challenge);
        d.state = State.APPROVED;
        return true;
    }

    synchronized boolean deny(String userCode) {
        Device d = byUserCode(userCode);
        if (d == null || d.state != State.PENDING || expired(d)) {
            return false;
        }
        d.state = State.DENIED;
        return true;
    }

    synchronized void clear() {
        byId.clear();
    }

    private Device byUserCode(String userCode) {
        if (userCode == null) {
            return null;
        }
        String wanted = userCode.trim().toUpperCase(Locale.ROOT);
        for (Device d : byId.values()) {
            if (d.userCode.equals(wanted)) {
                return d;
            }
        }
        return null;
    }

    /** One device login. Mutable under the DeviceLogins lock. */
    static final class Device {
        final String id;
        final String userCode;
        final Instant expiresAt;
        State state = State.PENDING;
        String code;
        String verifier;
        String challenge;

        Device(String id, String userCode, Instant expiresAt) {
            this.id = id;
            this.userCode = userCode;
            this.expiresAt = expiresAt;
        }

        @Override
        public String toString() {
            return "Device[userCode=" + userCode + ", state=" + state + "]";
        }
    }
}
