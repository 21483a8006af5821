package dev.codexauth.testkit;

import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5: one sandbox per test class, {@linkplain Sandbox#reset() reset} before each test, and
 * {@link Sandbox} parameters of test and lifecycle methods resolved to it.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SandboxExtension SANDBOX = SandboxExtension.create();
 *
 * @Test
 * void refreshesOnce(Sandbox sandbox) { ... }
 * }</pre>
 *
 * <p>Registered on a static field, the sandbox lives for the class; on an instance field, for each test.
 */
public final class SandboxExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private final Sandbox.Builder builder;
    private Sandbox sandbox;
    private boolean perClass;

    private SandboxExtension(Sandbox.Builder builder) {
        this.builder = builder;
    }

    /** A sandbox with the defaults. */
    public static SandboxExtension create() {
        return new SandboxExtension(Sandbox.builder());
    }

    /** A sandbox started from this builder. */
    public static SandboxExtension create(Sandbox.Builder builder) {
        return new SandboxExtension(Objects.requireNonNull(builder, "builder"));
    }

    /** The running sandbox. */
    public Sandbox sandbox() {
        if (sandbox == null) {
            throw new IllegalStateException("the sandbox runs only while a test of its class runs");
        }
        return sandbox;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        sandbox = builder.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (sandbox == null) {
            sandbox = builder.start();
        } else {
            sandbox.reset();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    private void stop() {
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Sandbox.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return sandbox();
    }
}
