package dev.vigil.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

/** {@code vigil completion}: a bash (and zsh) completion script, from picocli. */
@Command(name = "completion", header = "Print a bash completion script", mixinStandardHelpOptions = true,
        description = {"Print a bash completion script for vigil (zsh reads it too, after bashcompinit).",
            "  source <(bin/vigil completion)          # this shell",
            "  bin/vigil completion > /etc/bash_completion.d/vigil"})
final class CompletionCommand extends ClientCommand {

    @Override
    public Integer call() {
        String script = AutoComplete.bash("vigil", spec.root().commandLine());
        out().print(script);
        // The script completes the command named "vigil" (on the PATH); also complete it where it usually is run.
        out().println("complete -F _complete_vigil -o default bin/vigil ./bin/vigil");
        return ExitCodes.OK;
    }
}
