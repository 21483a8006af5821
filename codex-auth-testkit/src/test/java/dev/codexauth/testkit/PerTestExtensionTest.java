package dev.codexauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

class PerTestExtensionTest {

    static final java.util.Set<java.net.URI> SEEN = new java.util.HashSet<>();

    @RegisterExtension
    final SandboxExtension sandbox = SandboxExtension.create(Sandbox.builder().autoApprove(true));

    @RepeatedTest(2)
    void anInstanceFieldGivesEachTestItsOwnSandbox(Sandbox s) {
        assertThat(s).isSameAs(sandbox.sandbox());
        assertThat(SEEN.add(s.url())).isTrue();
    }

    @AfterAll
    static void bothSandboxesAreGone() {
        assertThat(SEEN).hasSize(2);
    }
}
