package dev.codexauth.storage.keychain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class KeychainNamesTest {

    @Test
    void theDefaultProfilesAccountIsCliAndTheFirst16HexOfTheHomeDirectorysSha256() {
        // printf '%s' /home/ada/.opencode | sha256sum
        assertThat(KeychainNames.account(Path.of("/home/ada/.opencode"), "default")).isEqualTo("cli|dea3c41eb1ab2705");
    }

    @Test
    void theHomeDirectoryIsNormalisedBeforeHashing() {
        assertThat(KeychainNames.account(Path.of("/home/ada/./x/../.opencode"), "default")).isEqualTo("cli|dea3c41eb1ab2705");
    }

    @Test
    void otherProfilesAreAppendedAndEverythingOutsideASafeAsciiSetIsPercentEncoded() {
        Path home = Path.of("/home/ada/.opencode");

        assertThat(KeychainNames.account(home, "work")).isEqualTo("cli|dea3c41eb1ab2705|work");
        assertThat(KeychainNames.account(home, "a b|part|1")).isEqualTo("cli|dea3c41eb1ab2705|a%20b%7Cpart%7C1");
        assertThat(KeychainNames.account(home, "ü")).isEqualTo("cli|dea3c41eb1ab2705|%C3%BC").matches("\\p{ASCII}+");
    }

    @Test
    void aPartNameCannotBeConfusedWithAProfileName() {
        String part = KeychainNames.part("cli|dea3c41eb1ab2705", "0011aabb", 3);

        assertThat(part).isEqualTo("cli|dea3c41eb1ab2705|part|0011aabb|3");
        assertThat(KeychainNames.account(Path.of("/home/ada/.opencode"), "part|0011aabb|3")).isNotEqualTo(part);
    }

    @Test
    void aSplitHeadRoundTripsAndAJsonRecordIsNeverTakenForOne() {
        SplitHead head = new SplitHead("0011aabb", 12, "0123456789abcdef");

        assertThat(SplitHead.parse(head.render())).contains(head);
        assertThat(head.render().length()).isLessThan(SplitHead.MIN_ENTRY_LIMIT);
        assertThat(SplitHead.parse("{\"type\":\"oauth\"}")).isEmpty();
        assertThat(SplitHead.parse(SplitHead.PREFIX + "zz:1:0123456789abcdef")).isEmpty();
    }

    @Test
    void cuttingNeverSeparatesTheHalvesOfASurrogatePair() {
        String value = "ab\uD83D\uDD11cd";

        assertThat(SplitHead.cut(value, 3)).containsExactly("ab", "\uD83D\uDD11c", "d");
        assertThat(String.join("", SplitHead.cut(value, 3))).isEqualTo(value);
    }
}
