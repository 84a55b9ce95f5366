package dev.trygr.reports;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.loader.ClasspathLoader;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;

/**
 * The one Pebble engine every HTML view of trygr renders through: templates live on the classpath under
 * {@code dev/trygr/reports/} and are named from there ({@code "tokens/diff.peb"}, {@code "report/report.peb"});
 * every page extends {@code "base.peb"}, which holds the shared look (inline CSS, header, footer).
 *
 * <p>Output is HTML-escaped by default (autoescaping on, strategy {@code html}); a value is never marked safe
 * unless it is markup trygr built itself. Variables are strict: a template naming a variable its model does not
 * hold fails when rendered instead of printing nothing. The engine is thread-safe and caches parsed templates.
 *
 * <p>Blocks a page may fill in {@code base.peb}: {@code title} (the document title), {@code heading} (the big
 * line in the header), {@code subheading}, {@code style} (extra CSS appended to the shared sheet),
 * {@code content} (the body), {@code footer} (a line above the generic trygr footer).
 */
public final class Html {

    /** Classpath folder that every template name is resolved from. */
    public static final String TEMPLATE_ROOT = "dev/trygr/reports/";

    private static final PebbleEngine ENGINE = newEngine();

    private Html() {
    }

    /** The shared engine (auto-escaping, strict variables, classpath templates under {@link #TEMPLATE_ROOT}). */
    public static PebbleEngine engine() {
        return ENGINE;
    }

    /** A new engine with the shared settings, for a caller that wants its own cache. */
    public static PebbleEngine newEngine() {
        ClasspathLoader loader = new ClasspathLoader(Html.class.getClassLoader());
        loader.setPrefix(TEMPLATE_ROOT);
        loader.setCharset("UTF-8");
        return new PebbleEngine.Builder()
                .loader(loader)
                .autoEscaping(true)
                .defaultEscapingStrategy("html")
                .strictVariables(true)
                .newLineTrimming(true)
                .build();
    }

    /** Renders {@code template} (e.g. {@code "tokens/diff.peb"}) with {@code model} into {@code out}. */
    public static void render(String template, Map<String, Object> model, Writer out) throws IOException {
        try {
            ENGINE.getTemplate(template).evaluate(out, model);
        } catch (PebbleException e) {
            throw new IllegalStateException("template " + template + " failed: " + e.getMessage(), e);
        }
    }

    /** Renders {@code template} with {@code model} into a string. */
    public static String render(String template, Map<String, Object> model) {
        StringWriter out = new StringWriter();
        try {
            render(template, model, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
