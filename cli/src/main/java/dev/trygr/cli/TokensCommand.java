package dev.trygr.cli;

import dev.trygr.capture.fcm.RingCredentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = "Ring credentials: what a stored token holds.",
        subcommands = {TokensCommand.Inspect.class})
final class TokensCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = {"Say what a ring-client-api token holds (refresh-token claims, hardware id, which push "
                    + "credentials), without printing any secret."})
    static final class Inspect implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "TOKEN_OR_CONFIG",
                description = "ring-client-api's refresh token, or a file holding it (homebridge's config.json).")
        String token;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            RingCredentials credentials = CapturedPushes.credentials(token);
            out.println(credentials.describe());
            out.flush();
            return ExitCode.OK.code;
        }
    }
}
