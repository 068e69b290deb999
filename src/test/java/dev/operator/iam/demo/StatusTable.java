package dev.operator.iam.demo;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A kubectl-style table of the examples' state, with the message under each row that is not ready.
 */
final class StatusTable {

    private static final List<String> HEADER =
            List.of("KIND", "NAMESPACE", "NAME", "READY", "REASON", "ARN");
    private static final String NONE = "-";

    /** One object; {@code ready} is null when it has no Ready condition yet. */
    record Row(
            String kind,
            String namespace,
            String name,
            String ready,
            String reason,
            String arn,
            String message) {

        boolean hasReadyCondition() {
            return ready != null;
        }

        private List<String> cells() {
            return List.of(
                    kind, orNone(namespace), name, orNone(ready), orNone(reason), orNone(arn));
        }
    }

    private final List<Row> rows = new ArrayList<>();

    /** The current state of these objects. */
    static StatusTable of(ExampleObjects examples, List<HasMetadata> objects) {
        StatusTable table = new StatusTable();
        for (HasMetadata object : objects) {
            Optional<Map<String, Object>> ready = examples.readyCondition(object);
            table.add(
                    new Row(
                            object.getKind(),
                            object.getMetadata().getNamespace(),
                            object.getMetadata().getName(),
                            ready.map(c -> text(c.get("status"))).orElse(null),
                            ready.map(c -> text(c.get("reason"))).orElse(null),
                            examples.arn(object).orElse(null),
                            ready.map(c -> text(c.get("message"))).orElse(null)));
        }
        return table;
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    void add(Row row) {
        rows.add(row);
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    boolean everyRowHasAReadyCondition() {
        return rows.stream().allMatch(Row::hasReadyCondition);
    }

    String render() {
        int[] widths = HEADER.stream().mapToInt(String::length).toArray();
        for (Row row : rows) {
            List<String> cells = row.cells();
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], cells.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, HEADER, widths);
        for (Row row : rows) {
            line(out, row.cells(), widths);
            if (!"True".equals(row.ready())) {
                String why = row.hasReadyCondition() ? row.message() : "no Ready condition yet";
                out.append("    ")
                        .append(row.kind())
                        .append(' ')
                        .append(row.name())
                        .append(": ")
                        .append(why == null ? NONE : why)
                        .append('\n');
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(String.format("%-" + (widths[i] + 3) + "s", cells.get(i)));
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static String orNone(String value) {
        return value == null || value.isEmpty() ? NONE : value;
    }
}
