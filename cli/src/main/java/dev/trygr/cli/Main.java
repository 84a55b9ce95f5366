package dev.trygr.cli;

import dev.trygr.capture.CaptureException;
import dev.trygr.capture.CaptureTooNewException;
import dev.trygr.proxy.tls.CaException;
import dev.trygr.proxy.tls.CaExistsException;
import dev.trygr.proxy.tls.CaNotFoundException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Entry point of the {@code trygr} command. The only place that exits the JVM. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; returns the exit code. Used by tests too. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        quietLibraries();
        CommandLine cli = new CommandLine(new TrygrCommand());
        listExitCodes(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            ExitCode code = exitCodeFor(ex);
            String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            if (code == ExitCode.FAILURE) {
                commandLine.getErr().println("trygr: unexpected error: " + ex);
                ex.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("trygr: " + message);
            }
            commandLine.getErr().flush();
            return code.code;
        });
        cli.setParameterExceptionHandler((ex, args2) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("trygr: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
            c.getErr().flush();
            return ExitCode.USAGE.code;
        });
        return cli.execute(args);
    }

    static ExitCode exitCodeFor(Throwable ex) {
        if (ex instanceof UserError user) {
            return user.exitCode;
        }
        if (ex instanceof CaExistsException) {
            return ExitCode.EXISTS;
        }
        if (ex instanceof CaNotFoundException || ex instanceof CaException) {
            return ExitCode.NO_CA;
        }
        if (ex instanceof CaptureTooNewException || ex instanceof CaptureException) {
            return ExitCode.CAPTURE;
        }
        if (ex instanceof IllegalArgumentException) {
            return ExitCode.USAGE;
        }
        return ExitCode.FAILURE;
    }

    private static void listExitCodes(CommandLine command) {
        command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCode.helpList());
        command.getSubcommands().values().forEach(Main::listExitCodes);
    }

    /** Library chatter (Netty's resolver, for one) stays off the console; leak reports still show. */
    private static void quietLibraries() {
        Logger.getLogger("io.netty").setLevel(Level.SEVERE);
    }
}
