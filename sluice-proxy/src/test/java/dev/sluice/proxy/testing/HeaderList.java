package dev.sluice.proxy.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An immutable header multimap: lookups ignore case, iteration keeps the order and the spelling
 * in which the headers were received, so a test can assert on both.
 */
public final class HeaderList implements Iterable<Map.Entry<String, String>> {

    private static final HeaderList EMPTY = new HeaderList(List.of());

    private final List<Map.Entry<String, String>> entries;

    private HeaderList(List<Map.Entry<String, String>> entries) {
        this.entries = Collections.unmodifiableList(entries);
    }

    public static HeaderList empty() {
        return EMPTY;
    }

    /** {@code of("content-type", "text/plain", "x-a", "1")}: alternating names and values. */
    public static HeaderList of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "namesAndValues: %d strings (expected: an even number)".formatted(namesAndValues.length));
        }
        List<Map.Entry<String, String>> list = new ArrayList<>(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            list.add(Map.entry(namesAndValues[i], namesAndValues[i + 1]));
        }
        return new HeaderList(list);
    }

    /** Copies Netty headers (HTTP/1 or HTTP/2), skipping HTTP/2 pseudo-headers. */
    static HeaderList copyOf(Iterable<? extends Map.Entry<? extends CharSequence, ? extends CharSequence>> headers) {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        for (Map.Entry<? extends CharSequence, ? extends CharSequence> e : headers) {
            String name = e.getKey().toString();
            if (!name.startsWith(":")) {
                list.add(Map.entry(name, e.getValue().toString()));
            }
        }
        return list.isEmpty() ? EMPTY : new HeaderList(list);
    }

    /** Returns a copy with one more header appended. */
    public HeaderList with(String name, String value) {
        List<Map.Entry<String, String>> list = new ArrayList<>(entries);
        list.add(Map.entry(name, value));
        return new HeaderList(list);
    }

    /** The first value of {@code name}, or {@code null}. */
    public String get(String name) {
        for (Map.Entry<String, String> e : entries) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    public List<String> getAll(String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> e : entries) {
            if (e.getKey().equalsIgnoreCase(name)) {
                values.add(e.getValue());
            }
        }
        return values;
    }

    public boolean contains(String name) {
        return get(name) != null;
    }

    /** Distinct names, lower-cased, in order of first appearance. */
    public List<String> names() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (Map.Entry<String, String> e : entries) {
            names.add(e.getKey().toLowerCase(Locale.ROOT));
        }
        return List.copyOf(names);
    }

    public List<Map.Entry<String, String>> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        return entries.iterator();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (Map.Entry<String, String> e : entries) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append(": ").append(e.getValue());
        }
        return sb.append(']').toString();
    }
}
