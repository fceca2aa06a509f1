package dev.velt.camel.examples;

import java.util.List;

/** The demo's plain-text tables: a header row, a rule under it, columns padded to their widest cell. */
public final class TextTable {

    private TextTable() {
    }

    /** {@code rows} starts with the header row; every row has as many cells as the header. */
    public static String render(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        rows.forEach(row -> {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        });
        StringBuilder table = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            table.append(line(rows.get(r), widths)).append('\n');
            if (r == 0) {
                String[] rule = new String[widths.length];
                for (int i = 0; i < rule.length; i++) {
                    rule[i] = "-".repeat(widths[i]);
                }
                table.append(line(rule, widths)).append('\n');
            }
        }
        return table.toString();
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(i == 0 ? "  " : " | ").append(String.format("%-" + widths[i] + "s", cells[i]));
        }
        return line.toString().stripTrailing();
    }
}
