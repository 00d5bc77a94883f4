package io.sparkrl.jobs;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.collection.Seq;

/** Prints the first rows of a query result as an aligned table, CSV (RFC 4180) or JSON lines. */
public enum ResultFormat {
    TABLE, CSV, JSON;

    public static ResultFormat parse(String s) {
        try {
            return valueOf(s.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new io.sparkrl.storage.BadInputException("unknown --format '" + s + "': use table, csv or json");
        }
    }

    /** Prints up to {@code limit} rows; returns whether the result had more. */
    public boolean print(Dataset<Row> result, int limit, PrintStream out) {
        if (this == JSON) {
            List<String> lines = result.toJSON().takeAsList(limit + 1);
            lines.stream().limit(limit).forEach(out::println);
            return lines.size() > limit;
        }
        String[] columns = result.columns();
        List<Row> rows = result.takeAsList(limit + 1);
        boolean more = rows.size() > limit;
        List<String[]> cells = new ArrayList<>();
        for (Row r : rows.subList(0, Math.min(limit, rows.size()))) {
            String[] c = new String[columns.length];
            for (int i = 0; i < c.length; i++) c[i] = render(r.get(i));
            cells.add(c);
        }
        if (this == CSV) {
            out.println(csvLine(columns));
            for (String[] c : cells) out.println(csvLine(c));
        } else {
            printTable(columns, cells, out);
        }
        return more;
    }

    private static String render(Object v) {
        if (v == null) return "NULL";
        if (v instanceof Seq<?> seq) {
            StringBuilder b = new StringBuilder("[");
            scala.collection.Iterator<?> it = seq.iterator();
            while (it.hasNext()) {
                b.append(render(it.next()));
                if (it.hasNext()) b.append(", ");
            }
            return b.append(']').toString();
        }
        return v.toString();
    }

    private static String csvLine(String[] values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) b.append(',');
            String v = values[i];
            if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r"))
                v = '"' + v.replace("\"", "\"\"") + '"';
            b.append(v);
        }
        return b.toString();
    }

    private static void printTable(String[] columns, List<String[]> cells, PrintStream out) {
        int[] width = new int[columns.length];
        for (int i = 0; i < columns.length; i++) width[i] = columns[i].length();
        for (String[] c : cells) for (int i = 0; i < c.length; i++) width[i] = Math.max(width[i], c[i].length());
        StringBuilder rule = new StringBuilder("+");
        for (int w : width) rule.append("-".repeat(w + 2)).append('+');
        out.println(rule);
        out.println(tableLine(columns, width));
        out.println(rule);
        for (String[] c : cells) out.println(tableLine(c, width));
        out.println(rule);
    }

    private static String tableLine(String[] values, int[] width) {
        StringBuilder b = new StringBuilder("|");
        for (int i = 0; i < values.length; i++)
            b.append(' ').append(String.format("%" + width[i] + "s", values[i])).append(" |");
        return b.toString();
    }
}
