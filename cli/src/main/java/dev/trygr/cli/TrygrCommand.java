package dev.trygr.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

@Command(name = "trygr",
        mixinStandardHelpOptions = true,
        versionProvider = TrygrCommand.Version.class,
        description = {
            "A privacy-audit proxy and traffic recorder for home automation (Ring first).",
            "It intercepts TLS with its own CA, forwards everything faithfully, and records every exchange",
            "into one SQLite capture file."},
        subcommands = {CaCommand.class, ProxyCommand.class, RunCommand.class, FlowsCommand.class, FcmCommand.class,
            TokensCommand.class, DemoCommand.class, ImportCommand.class, ReportCommand.class},
        footer = {"", "Start with 'trygr ca init', then 'trygr proxy'. Files: ~/.trygr (CA), ./capture.db (capture)."})
final class TrygrCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String version() {
        try (InputStream in = TrygrCommand.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"trygr " + version(), "Java " + System.getProperty("java.version")};
        }
    }
}
