package dev.operator.iam.emulator;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;

/** Minimal XML writer for awsQuery responses: nested elements with escaped text, no attributes. */
final class Xml {

    private final StringBuilder out = new StringBuilder(512);
    private final Deque<String> open = new ArrayDeque<>();

    /** Opens the document element, declaring the service namespace as the default one. */
    Xml root(String name, String namespace) {
        out.append('<').append(name).append(" xmlns=\"").append(namespace).append("\">");
        open.push(name);
        return this;
    }

    Xml start(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    Xml end() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /**
     * Writes {@code <name>value</name>}; a {@code null} value writes nothing, as AWS omits unset
     * fields.
     */
    Xml element(String name, String value) {
        if (value != null) {
            out.append('<').append(name).append('>');
            escape(value);
            out.append("</").append(name).append('>');
        }
        return this;
    }

    Xml element(String name, boolean value) {
        return element(name, Boolean.toString(value));
    }

    Xml element(String name, int value) {
        return element(name, Integer.toString(value));
    }

    /** AWS timestamps: ISO-8601 in UTC with second precision, e.g. {@code 2026-11-24T10:00:00Z}. */
    Xml element(String name, Instant value) {
        return element(
                name, DateTimeFormatter.ISO_INSTANT.format(value.truncatedTo(ChronoUnit.SECONDS)));
    }

    @Override
    public String toString() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements: " + open);
        }
        return out.toString();
    }

    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                // a literal CR would be normalised to LF by the client's parser
                case '\r' -> out.append("&#13;");
                case '\t', '\n' -> out.append(c);
                // other control characters cannot appear in XML 1.0 at all, not even as references
                default -> out.append(c < 0x20 ? '\uFFFD' : c);
            }
        }
    }
}
