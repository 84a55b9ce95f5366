package dev.trygr.cli.display;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A plain-text table: a header row, a dashed rule, then the rows, columns separated by two spaces.
 * Columns whose cells are all numbers (sizes and durations included: {@code 42}, {@code 12.3 KiB},
 * {@code 125 ms}) are right-aligned. A cell longer than its column's maximum width is cut and ends in
 * {@value #ELLIPSIS}. The table's own characters are ASCII, so it reads the same in any terminal and log.
 * Control characters in cells are escaped so a cell stays on its line. Widths count characters (code
 * points), so East Asian wide characters will misalign.
 *
 * <pre>{@code
 * String text = TextTable.withHeader("ID", "HOST", "SIZE")
 *         .maxWidth(1, 40)
 *         .row("1", "api.ring.com", "532 B")
 *         .render();
 * }</pre>
 */
public final class TextTable {

    /** Marks a cut cell. */
    public static final String ELLIPSIS = "...";

    /** The width a column gets when none is set. */
    public static final int DEFAULT_MAX_WIDTH = 60;

    private static final String GAP = "  ";
    private static final String QUANTITY =
            "[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\\.[0-9]+)?(?: ?(?:[A-Za-z]{1,3}|%))?";
    /** A number, optionally with a unit, possibly several ({@code 4 min 05 s}); not IPs or dates. */
    private static final Pattern NUMBER = Pattern.compile(QUANTITY + "(?: " + QUANTITY + ")*");

    private final List<String> header;
    private final int[] maxWidths;
    private final List<List<String>> rows = new ArrayList<>();

    private TextTable(List<String> header) {
        this.header = header;
        this.maxWidths = new int[header.size()];
        Arrays.fill(maxWidths, DEFAULT_MAX_WIDTH);
    }

    /** Starts a table with these column titles. */
    public static TextTable withHeader(String... titles) {
        return withHeader(Arrays.asList(titles));
    }

    /** Starts a table with these column titles. */
    public static TextTable withHeader(List<String> titles) {
        if (titles.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        return new TextTable(cleaned(titles));
    }

    /** Sets the widest a column may be, in characters (at least 1). */
    public TextTable maxWidth(int column, int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be at least 1, was " + width);
        }
        maxWidths[column] = width;
        return this;
    }

    /** Sets the widest every column may be. */
    public TextTable maxWidth(int width) {
        for (int column = 0; column < maxWidths.length; column++) {
            maxWidth(column, width);
        }
        return this;
    }

    /** Adds a row; missing trailing cells are empty, null cells are empty. */
    public TextTable row(String... cells) {
        return row(Arrays.asList(cells));
    }

    /** Adds a row; missing trailing cells are empty, null cells are empty. */
    public TextTable row(List<String> cells) {
        if (cells.size() > header.size()) {
            throw new IllegalArgumentException(
                    "row has " + cells.size() + " cells, the table " + header.size() + " columns");
        }
        List<String> row = new ArrayList<>(cleaned(cells));
        while (row.size() < header.size()) {
            row.add("");
        }
        rows.add(row);
        return this;
    }

    /** How many rows were added (the header not counted). */
    public int size() {
        return rows.size();
    }

    /** The table, lines separated by {@code \n}, no trailing spaces and no final newline. */
    public String render() {
        int columns = header.size();
        int[] widths = new int[columns];
        boolean[] numeric = new boolean[columns];
        for (int c = 0; c < columns; c++) {
            widths[c] = width(header.get(c));
            boolean anyNumber = false;
            boolean allNumbers = true;
            for (List<String> row : rows) {
                String cell = row.get(c);
                widths[c] = Math.max(widths[c], width(cell));
                if (!cell.isEmpty() && !cell.equals("-")) {
                    boolean number = NUMBER.matcher(cell).matches();
                    anyNumber |= number;
                    allNumbers &= number;
                }
            }
            widths[c] = Math.min(widths[c], maxWidths[c]);
            numeric[c] = anyNumber && allNumbers;
        }
        StringBuilder out = new StringBuilder();
        line(out, header, widths, numeric);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        line(out, rule, widths, numeric);
        for (List<String> row : rows) {
            line(out, row, widths, numeric);
        }
        return out.substring(0, out.length() - 1);
    }

    @Override
    public String toString() {
        return render();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths, boolean[] numeric) {
        int start = out.length();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                out.append(GAP);
            }
            String cell = fitted(cells.get(c), widths[c]);
            String padding = " ".repeat(widths[c] - width(cell));
            if (numeric[c]) {
                out.append(padding).append(cell);
            } else {
                out.append(cell).append(padding);
            }
        }
        int end = out.length();
        while (end > start && out.charAt(end - 1) == ' ') {
            end--;
        }
        out.setLength(end);
        out.append('\n');
    }

    /** The cell cut to {@code width} characters, ending in the ellipsis when cut. */
    static String fitted(String cell, int width) {
        if (width(cell) <= width) {
            return cell;
        }
        if (width <= ELLIPSIS.length()) {
            return cell.substring(0, cell.offsetByCodePoints(0, width));
        }
        return cell.substring(0, cell.offsetByCodePoints(0, width - ELLIPSIS.length())) + ELLIPSIS;
    }

    private static int width(String cell) {
        return cell.codePointCount(0, cell.length());
    }

    private static List<String> cleaned(List<String> cells) {
        List<String> cleaned = new ArrayList<>(cells.size());
        for (String cell : cells) {
            cleaned.add(cell == null ? "" : Printable.escape(cell, false));
        }
        return cleaned;
    }
}
