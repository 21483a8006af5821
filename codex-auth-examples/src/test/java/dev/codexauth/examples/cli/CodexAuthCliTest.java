package dev.codexauth.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line's start-up: a run of one command builds only that command, help still sees them all. */
class CodexAuthCliTest {

    @Test
    void eachRegisteredNameIsTheNameItsCommandDeclares() {
        assertThat(CodexAuthCli.COMMANDS).hasSize(14);
        for (Map.Entry<String, Class<?>> e : CodexAuthCli.COMMANDS.entrySet()) {
            assertThat(e.getValue().getAnnotation(Command.class).name()).isEqualTo(e.getKey());
        }
    }

    @Test
    void aRunOfOneCommandRegistersOnlyThatCommand() {
        assertThat(CodexAuthCli.commandsToRegister("status")).containsExactly(StatusCommand.class);
        assertThat(CodexAuthCli.commandsToRegister("--debug", "ask", "--json", "hi")).containsExactly(AskCommand.class);
        assertThat(CodexAuthCli.commandsToRegister("cache", "clear")).containsExactly(CacheCommand.class);
    }

    @Test
    void helpNoCommandAndAMisspeltCommandSeeEveryCommand() {
        List<Class<?>> all = List.copyOf(CodexAuthCli.COMMANDS.values());
        assertThat(CodexAuthCli.commandsToRegister()).containsExactlyElementsOf(all);
        assertThat(CodexAuthCli.commandsToRegister("--help")).containsExactlyElementsOf(all);
        assertThat(CodexAuthCli.commandsToRegister("--debug")).containsExactlyElementsOf(all);
        assertThat(CodexAuthCli.commandsToRegister("stauts")).containsExactlyElementsOf(all);
        assertThat(CodexAuthCli.commandsToRegister("-h", "status")).containsExactlyElementsOf(all);
    }

    @Test
    void theInheritedDebugOptionReachesACommandRegisteredAlone() {
        CommandLine cli = new CommandLine(new CodexAuthCli());
        cli.addSubcommand(StatusCommand.class);
        assertThat(cli.getSubcommands().get("status").getCommandSpec().findOption("--debug")).isNotNull();
    }
}
