package dev.sluice.proxy.http.codec;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.util.AsciiString;
import io.netty.util.internal.ObjectUtil;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The headers of one HTTP message in two parallel arrays, names and values, in arrival order.
 * A proxied message has few headers, and {@link io.netty.handler.codec.http.DefaultHttpHeaders}
 * would spend a hash-table entry object on every one; a scan over a dozen names is cheap, and
 * adding allocates nothing until the arrays double. The decoder checks the bytes once and
 * appends with {@link #addTrusted}; whatever comes through the {@link HttpHeaders} API is
 * validated here. Otherwise it behaves as {@code DefaultHttpHeaders}; the methods say where it
 * does not.
 */
public final class FlatHttpHeaders extends HttpHeaders {
    /** Makes a new {@code FlatHttpHeaders}, for {@code HttpDecoderConfig} and message constructors. */
    public static final HttpHeadersFactory FACTORY = new HttpHeadersFactory() {
        @Override
        public HttpHeaders newHeaders() {
            return new FlatHttpHeaders();
        }

        @Override
        public HttpHeaders newEmptyHeaders() {
            return new FlatHttpHeaders(EMPTY_CAPACITY);
        }

        @Override
        public String toString() {
            return "FlatHttpHeaders.FACTORY";
        }
    };

    private static final int DEFAULT_CAPACITY = 16;
    private static final int EMPTY_CAPACITY = 2;

    private CharSequence[] names;
    private CharSequence[] values;
    private int size;
    /**
     * A bit per hash of every name added since the last clear (a removal leaves its bit set):
     * a lookup whose bit is clear knows without a scan that the name is absent. Most lookups on
     * a proxied message are for names it doesn't carry (X-Forwarded-For, x-request-id,
     * Transfer-Encoding, Connection, ...).
     */
    private long nameBits;
    // Counts additions and removals (not value replacement), so iterators and entries notice
    // that indexes have moved.
    private int modCount;

    public FlatHttpHeaders() {
        this(DEFAULT_CAPACITY);
    }

    public FlatHttpHeaders(int initialCapacity) {
        ObjectUtil.checkPositiveOrZero(initialCapacity, "initialCapacity");
        names = new CharSequence[initialCapacity];
        values = new CharSequence[initialCapacity];
    }

    /**
     * Appends a header without validating it, for a decoder that has already checked the name
     * as a token and the value as field-value bytes.
     */
    public void addTrusted(AsciiString name, AsciiString value) {
        append(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    }

    /** The name of entry {@code i} (0 to size() - 1), in insertion order; for encoders. */
    public CharSequence nameAt(int i) {
        return names[Objects.checkIndex(i, size)];
    }

    /** The value of entry {@code i} (0 to size() - 1), in insertion order; for encoders. */
    public CharSequence valueAt(int i) {
        return values[Objects.checkIndex(i, size)];
    }

    // ---- reads

    @Override
    public String get(String name) {
        return get((CharSequence) name);
    }

    @Override
    public String get(CharSequence name) {
        CharSequence v = first(name);
        return v == null ? null : v.toString();
    }

    @Override
    public Integer getInt(CharSequence name) {
        CharSequence v = first(name);
        if (v == null) {
            return null;
        }
        try {
            // Parsed as DefaultHttpHeaders does: AsciiString's parser refuses a leading '+',
            // Integer.parseInt takes it.
            return v instanceof AsciiString a ? a.parseInt() : Integer.parseInt(v.toString());
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public int getInt(CharSequence name, int defaultValue) {
        Integer v = getInt(name);
        return v != null ? v : defaultValue;
    }

    @Override
    public Short getShort(CharSequence name) {
        CharSequence v = first(name);
        if (v == null) {
            return null;
        }
        try {
            return v instanceof AsciiString a ? a.parseShort() : Short.parseShort(v.toString());
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public short getShort(CharSequence name, short defaultValue) {
        Short v = getShort(name);
        return v != null ? v : defaultValue;
    }

    /** The first value as an HTTP date; null if absent or not a date. */
    @Override
    public Long getTimeMillis(CharSequence name) {
        CharSequence v = first(name);
        if (v == null) {
            return null;
        }
        // DefaultHttpHeaders throws an undeclared ParseException for a non-date; its
        // documentation promises null.
        Date date = DateFormatter.parseHttpDate(v);
        return date == null ? null : date.getTime();
    }

    @Override
    public long getTimeMillis(CharSequence name, long defaultValue) {
        Long v = getTimeMillis(name);
        return v != null ? v : defaultValue;
    }

    @Override
    public List<String> getAll(String name) {
        return getAll((CharSequence) name);
    }

    @Override
    public List<String> getAll(CharSequence name) {
        int i = indexOf(ObjectUtil.checkNotNull(name, "name"), 0);
        if (i < 0) {
            return Collections.emptyList();
        }
        List<String> all = new ArrayList<>(4);
        for (; i < size; i++) {
            if (sameName(names[i], name)) {
                all.add(values[i].toString());
            }
        }
        return all;
    }

    /**
     * The values of {@code name} in the order of {@link #getAll}, as {@link HttpHeaders} documents
     * it (DefaultHttpHeaders yields them newest first); {@code remove()} removes the header.
     */
    @Override
    public Iterator<String> valueStringIterator(CharSequence name) {
        ValueCursor cursor = new ValueCursor(name);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return cursor.hasNext();
            }

            @Override
            public String next() {
                return cursor.next().toString();
            }

            @Override
            public void remove() {
                cursor.remove();
            }
        };
    }

    /** As {@link #valueStringIterator}, without making Strings. */
    @Override
    public Iterator<CharSequence> valueCharSequenceIterator(CharSequence name) {
        return new ValueCursor(name);
    }

    /**
     * The headers as a new list; an entry's {@code setValue} writes through to these headers,
     * after validating the value (DefaultHttpHeaders' entries do not validate).
     */
    @Override
    public List<Entry<String, String>> entries() {
        if (size == 0) {
            return Collections.emptyList();
        }
        List<Entry<String, String>> all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            all.add(new StringSlot(new Slot(i)));
        }
        return all;
    }

    /** @deprecated as in {@link HttpHeaders}: prefer {@link #iteratorCharSequence()}. */
    @Deprecated
    @Override
    public Iterator<Entry<String, String>> iterator() {
        return new Cursor<>() {
            @Override
            Entry<String, String> at(int i) {
                return new StringSlot(new Slot(i));
            }
        };
    }

    @Override
    public Iterator<Entry<CharSequence, CharSequence>> iteratorCharSequence() {
        return new Cursor<>() {
            @Override
            Entry<CharSequence, CharSequence> at(int i) {
                return new Slot(i);
            }
        };
    }

    @Override
    public boolean contains(String name) {
        return contains((CharSequence) name);
    }

    @Override
    public boolean contains(CharSequence name) {
        return indexOf(ObjectUtil.checkNotNull(name, "name"), 0) >= 0;
    }

    @Override
    public boolean contains(String name, String value, boolean ignoreCase) {
        return contains((CharSequence) name, (CharSequence) value, ignoreCase);
    }

    /**
     * Whether a header {@code name} has exactly {@code value} (a whole value, as in
     * DefaultHttpHeaders; {@link #containsValue} looks inside comma-separated lists).
     */
    @Override
    public boolean contains(CharSequence name, CharSequence value, boolean ignoreCase) {
        ObjectUtil.checkNotNull(name, "name");
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
            if (ignoreCase ? AsciiString.contentEqualsIgnoreCase(values[i], value)
                    : AsciiString.contentEquals(values[i], value)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean containsValue(CharSequence name, CharSequence value, boolean ignoreCase) {
        ObjectUtil.checkNotNull(name, "name");
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
            if (listContains(values[i], value, ignoreCase)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public int size() {
        return size;
    }

    /**
     * A snapshot of the names in first-seen order, each spelling once ({@code Foo} and {@code foo}
     * are two, as in DefaultHttpHeaders); {@code contains} ignores case, as there.
     */
    @Override
    public Set<String> names() {
        if (size == 0) {
            return Collections.emptySet();
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (int i = 0; i < size; i++) {
            distinct.add(names[i].toString());
        }
        return new NameSet(distinct.toArray(new String[0]));
    }

    // ---- writes

    @Override
    public HttpHeaders add(String name, Object value) {
        return add((CharSequence) name, value);
    }

    /**
     * Appends a header. The name must be a token and every char of the value a field-value byte
     * ({@link HeaderBytes#isFieldValue}), else {@link IllegalArgumentException}; so unlike
     * DefaultHttpHeaders a leading SP or HTAB is accepted and a char above 0xFF is not. Every
     * other write checks the same way.
     */
    @Override
    public HttpHeaders add(CharSequence name, Object value) {
        validName(name);
        append(name, validValue(name, toCharSequence(value)));
        return this;
    }

    @Override
    public HttpHeaders add(String name, Iterable<?> values) {
        return add((CharSequence) name, values);
    }

    /** Adds each value in turn; one that fails validation stops there, the earlier ones stay. */
    @Override
    public HttpHeaders add(CharSequence name, Iterable<?> values) {
        validName(name);
        for (Object v : values) {
            append(name, validValue(name, toCharSequence(v)));
        }
        return this;
    }

    @Override
    public HttpHeaders add(HttpHeaders headers) {
        ObjectUtil.checkNotNull(headers, "headers");
        if (headers == this) {
            throw new IllegalArgumentException("can't add to itself.");
        }
        if (headers instanceof FlatHttpHeaders flat) {
            appendAll(flat); // already validated by the other instance
        } else {
            for (Iterator<Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
                Entry<CharSequence, CharSequence> e = it.next();
                add(e.getKey(), e.getValue());
            }
        }
        return this;
    }

    @Override
    public HttpHeaders addInt(CharSequence name, int value) {
        append(validName(name), Integer.toString(value));
        return this;
    }

    @Override
    public HttpHeaders addShort(CharSequence name, short value) {
        append(validName(name), Integer.toString(value));
        return this;
    }

    @Override
    public HttpHeaders set(String name, Object value) {
        return set((CharSequence) name, value);
    }

    /** Removes every header {@code name} and appends one: the new header comes last. */
    @Override
    public HttpHeaders set(CharSequence name, Object value) {
        validName(name);
        CharSequence v = validValue(name, toCharSequence(value));
        removeAll(name);
        append(name, v);
        return this;
    }

    @Override
    public HttpHeaders set(String name, Iterable<?> values) {
        return set((CharSequence) name, values);
    }

    /**
     * Removes every header {@code name}, then adds the values up to the first null, as
     * DefaultHttpHeaders does.
     */
    @Override
    public HttpHeaders set(CharSequence name, Iterable<?> values) {
        validName(name);
        ObjectUtil.checkNotNull(values, "values");
        removeAll(name);
        for (Object v : values) {
            if (v == null) {
                break;
            }
            append(name, validValue(name, toCharSequence(v)));
        }
        return this;
    }

    @Override
    public HttpHeaders set(HttpHeaders headers) {
        ObjectUtil.checkNotNull(headers, "headers");
        if (headers != this) { // the inherited version would clear this first, then copy nothing
            clear();
            add(headers);
        }
        return this;
    }

    /** As in {@link HttpHeaders#setAll}: {@code set} per entry, so of several values the last wins. */
    @Override
    public HttpHeaders setAll(HttpHeaders headers) {
        ObjectUtil.checkNotNull(headers, "headers");
        if (headers != this) {
            for (Iterator<Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
                Entry<CharSequence, CharSequence> e = it.next();
                set(e.getKey(), e.getValue());
            }
        }
        return this;
    }

    @Override
    public HttpHeaders setInt(CharSequence name, int value) {
        validName(name);
        removeAll(name);
        append(name, Integer.toString(value));
        return this;
    }

    @Override
    public HttpHeaders setShort(CharSequence name, short value) {
        validName(name);
        removeAll(name);
        append(name, Integer.toString(value));
        return this;
    }

    @Override
    public HttpHeaders remove(String name) {
        return remove((CharSequence) name);
    }

    @Override
    public HttpHeaders remove(CharSequence name) {
        removeAll(ObjectUtil.checkNotNull(name, "name"));
        return this;
    }

    @Override
    public HttpHeaders clear() {
        Arrays.fill(names, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
        nameBits = 0;
        modCount++;
        return this;
    }

    @Override
    public FlatHttpHeaders copy() {
        // Room for the few headers a proxy adds to a copy (Via, X-Forwarded-For).
        FlatHttpHeaders copy = new FlatHttpHeaders(size + 4);
        copy.appendAll(this);
        return copy;
    }

    /**
     * Equal to another {@code FlatHttpHeaders} with the same names (ignoring case) and, per name,
     * the same values in the same order (case-sensitive); the order across names does not count.
     */
    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof FlatHttpHeaders other) || other.size != size) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            CharSequence name = names[i];
            if (indexOf(name, 0) != i) {
                continue; // this name's values were compared at its first occurrence
            }
            int j = other.indexOf(name, 0);
            for (int k = i; k >= 0; k = indexOf(name, k + 1), j = other.indexOf(name, j + 1)) {
                if (j < 0 || !AsciiString.contentEquals(values[k], other.values[j])) {
                    return false;
                }
            }
            if (j >= 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 0;
        for (int i = 0; i < size; i++) {
            CharSequence name = names[i];
            if (indexOf(name, 0) != i) {
                continue;
            }
            int h = AsciiString.hashCode(name); // ignores case, like the name comparison
            for (int k = i; k >= 0; k = indexOf(name, k + 1)) {
                h = 31 * h + AsciiString.hashCode(values[k]);
            }
            hash += h; // a sum, since equals ignores the order across names
        }
        return hash;
    }

    // ---- storage

    /**
     * The first value of {@code name} in any headers, without making a String where the headers
     * are flat (a decoded HTTP/1.1 head: an AsciiString view of the received bytes); other
     * headers (HTTP/2's) give their String. Null when absent.
     */
    public static CharSequence firstValue(HttpHeaders headers, CharSequence name) {
        return headers instanceof FlatHttpHeaders flat ? flat.first(name) : headers.get(name);
    }

    /**
     * The first value of {@code name} as stored, or null: for a decoded head an AsciiString view
     * of the received bytes, so a lookup keyed on it costs no String.
     */
    public CharSequence first(CharSequence name) {
        int i = indexOf(ObjectUtil.checkNotNull(name, "name"), 0);
        return i < 0 ? null : values[i];
    }

    private static boolean sameName(CharSequence a, CharSequence b) {
        return a == b || a.length() == b.length() && AsciiString.contentEqualsIgnoreCase(a, b);
    }

    /** The bits of these names, for {@link #mayContainAny}. */
    public static long bitsOf(CharSequence... names) {
        long bits = 0;
        for (CharSequence name : names) {
            bits |= nameBit(name);
        }
        return bits;
    }

    /**
     * False when none of the names whose {@link #bitsOf bits} are given is here; true when one
     * may be (a scan then says which).
     */
    public boolean mayContainAny(long bits) {
        return (nameBits & bits) != 0;
    }

    /** The bit of {@code name} in {@link #nameBits}: its length and last char, case folded. */
    private static long nameBit(CharSequence name) {
        int n = name.length();
        int last = n == 0 ? 0 : name.charAt(n - 1) | 0x20;
        return 1L << (n * 31 + last); // a long shift uses the low 6 bits
    }

    private int indexOf(CharSequence name, int from) {
        if ((nameBits & nameBit(name)) == 0) {
            return -1;
        }
        CharSequence[] ns = names;
        for (int i = from, n = size; i < n; i++) {
            if (sameName(ns[i], name)) {
                return i;
            }
        }
        return -1;
    }

    private void append(CharSequence name, CharSequence value) {
        int n = size;
        if (n == names.length) {
            grow(n + 1);
        }
        names[n] = name;
        values[n] = value;
        nameBits |= nameBit(name);
        size = n + 1;
        modCount++;
    }

    private void appendAll(FlatHttpHeaders from) {
        int n = from.size;
        if (n == 0) {
            return;
        }
        if (size + n > names.length) {
            grow(size + n);
        }
        System.arraycopy(from.names, 0, names, size, n);
        System.arraycopy(from.values, 0, values, size, n);
        nameBits |= from.nameBits;
        size += n;
        modCount++;
    }

    private void grow(int minCapacity) {
        int capacity = Math.max(Math.max(4, names.length << 1), minCapacity);
        names = Arrays.copyOf(names, capacity);
        values = Arrays.copyOf(values, capacity);
    }

    private void removeAll(CharSequence name) {
        int first = indexOf(name, 0);
        if (first < 0) {
            return;
        }
        int kept = first;
        for (int i = first + 1; i < size; i++) {
            if (!sameName(names[i], name)) {
                names[kept] = names[i];
                values[kept] = values[i];
                kept++;
            }
        }
        Arrays.fill(names, kept, size, null);
        Arrays.fill(values, kept, size, null);
        size = kept;
        modCount++;
    }

    private void removeAt(int i) {
        int tail = size - i - 1;
        System.arraycopy(names, i + 1, names, i, tail);
        System.arraycopy(values, i + 1, values, i, tail);
        size--;
        names[size] = null;
        values[size] = null;
        modCount++;
    }

    // ---- validation and conversion

    private static CharSequence validName(CharSequence name) {
        ObjectUtil.checkNotNull(name, "name");
        if (name.length() == 0) {
            throw new IllegalArgumentException("empty header name");
        }
        int bad = HeaderBytes.firstNonTchar(name);
        if (bad >= 0) {
            throw new IllegalArgumentException("header name '" + name + "' has character 0x"
                    + Integer.toHexString(name.charAt(bad)) + " at index " + bad + ", not a token character");
        }
        return name;
    }

    private static CharSequence validValue(CharSequence name, CharSequence value) {
        int bad = HeaderBytes.firstInvalidValueChar(value);
        if (bad >= 0) {
            // The value itself stays out of the message: it may be a credential, and the bad
            // character is often a CR or LF.
            throw new IllegalArgumentException("value of header '" + name + "' has character 0x"
                    + Integer.toHexString(value.charAt(bad)) + " at index " + bad + ", not allowed in a field value");
        }
        return value;
    }

    // The conversion of DefaultHttpHeaders, so either class turns an Object into the same text.
    private static CharSequence toCharSequence(Object value) {
        ObjectUtil.checkNotNull(value, "value");
        if (value instanceof CharSequence cs) {
            return cs;
        }
        if (value instanceof Date date) {
            return DateFormatter.format(date);
        }
        if (value instanceof Calendar calendar) {
            return DateFormatter.format(calendar.getTime());
        }
        return ObjectUtil.checkNotNull(value.toString(), "value.toString()");
    }

    /**
     * Whether {@code expected} is one of the comma-separated elements of {@code value}, each
     * trimmed of chars up to SP, as {@code HttpHeaders.containsValue} does it: a value without a
     * comma is one element even if empty; an empty element after the last comma is not one.
     */
    private static boolean listContains(CharSequence value, CharSequence expected, boolean ignoreCase) {
        int len = value.length();
        int begin = 0;
        while (true) {
            int comma = indexOfComma(value, begin, len);
            int end = comma < 0 ? len : comma;
            if ((comma >= 0 || begin < len || begin == 0)
                    && trimmedEquals(value, begin, end, expected, ignoreCase)) {
                return true;
            }
            if (comma < 0) {
                return false;
            }
            begin = comma + 1;
        }
    }

    private static int indexOfComma(CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == ',') {
                return i;
            }
        }
        return -1;
    }

    private static boolean trimmedEquals(CharSequence s, int begin, int end, CharSequence expected,
                                         boolean ignoreCase) {
        while (begin < end && s.charAt(begin) <= ' ') {
            begin++;
        }
        while (end > begin && s.charAt(end - 1) <= ' ') {
            end--;
        }
        if (end - begin != expected.length()) {
            return false;
        }
        for (int i = begin, j = 0; i < end; i++, j++) {
            char a = s.charAt(i);
            char b = expected.charAt(j);
            if (a != b && !(ignoreCase && toLowerAscii(a) == toLowerAscii(b))) {
                return false;
            }
        }
        return true;
    }

    private static char toLowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    // ---- views

    /** Walks the headers by index; the headers must not gain or lose entries meanwhile. */
    private abstract class Cursor<E> implements Iterator<E> {
        private int next;
        private final int expectedModCount = modCount;

        abstract E at(int i);

        @Override
        public boolean hasNext() {
            return next < size;
        }

        @Override
        public E next() {
            if (modCount != expectedModCount) {
                throw new ConcurrentModificationException();
            }
            if (next >= size) {
                throw new NoSuchElementException();
            }
            return at(next++);
        }

        @Override
        public void remove() {
            throw new UnsupportedOperationException("read only");
        }
    }

    /** The values of one name in order; {@code remove()} removes the header last returned. */
    private final class ValueCursor implements Iterator<CharSequence> {
        private final CharSequence name;
        private int next;
        private int last = -1;
        private int expectedModCount = modCount;

        ValueCursor(CharSequence name) {
            this.name = ObjectUtil.checkNotNull(name, "name");
            next = indexOf(name, 0);
        }

        @Override
        public boolean hasNext() {
            return next >= 0;
        }

        @Override
        public CharSequence next() {
            if (modCount != expectedModCount) {
                throw new ConcurrentModificationException();
            }
            if (next < 0) {
                throw new NoSuchElementException();
            }
            last = next;
            next = indexOf(name, last + 1);
            return values[last];
        }

        @Override
        public void remove() {
            if (last < 0) {
                throw new IllegalStateException();
            }
            if (modCount != expectedModCount) {
                throw new ConcurrentModificationException();
            }
            removeAt(last);
            if (next >= 0) {
                next--;
            }
            last = -1;
            expectedModCount = modCount;
        }
    }

    /**
     * One header, as iteration and {@link #entries()} hand it out. {@code setValue} writes
     * through, as a DefaultHttpHeaders entry does, but validates the value first: an entry is
     * no back door for a CR or LF.
     */
    private final class Slot implements Entry<CharSequence, CharSequence> {
        private final CharSequence key;
        private CharSequence value;
        private int index;
        private int seenModCount;

        Slot(int i) {
            key = names[i];
            value = values[i];
            index = i;
            seenModCount = modCount;
        }

        @Override
        public CharSequence getKey() {
            return key;
        }

        @Override
        public CharSequence getValue() {
            return value;
        }

        @Override
        public CharSequence setValue(CharSequence newValue) {
            ObjectUtil.checkNotNull(newValue, "value");
            validValue(key, newValue);
            int i = locate();
            if (i >= 0) {
                values[i] = newValue;
            }
            CharSequence old = value;
            value = newValue;
            return old;
        }

        // Removing an earlier header shifts this one, so after any structural change it is
        // found again by identity; if it was removed, the entry is detached and writes go nowhere.
        private int locate() {
            if (seenModCount != modCount) {
                index = -1;
                for (int i = 0; i < size; i++) {
                    if (names[i] == key && values[i] == value) {
                        index = i;
                        break;
                    }
                }
                seenModCount = modCount;
            }
            return index;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e && key.equals(e.getKey()) && value.equals(e.getValue());
        }

        @Override
        public int hashCode() {
            return key.hashCode() ^ value.hashCode();
        }

        @Override
        public String toString() {
            return key + "=" + value;
        }
    }

    private static final class StringSlot implements Entry<String, String> {
        private final Slot slot;

        StringSlot(Slot slot) {
            this.slot = slot;
        }

        @Override
        public String getKey() {
            return slot.getKey().toString();
        }

        @Override
        public String getValue() {
            return slot.getValue().toString();
        }

        @Override
        public String setValue(String value) {
            return slot.setValue(value).toString();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e && getKey().equals(e.getKey()) && getValue().equals(e.getValue());
        }

        @Override
        public int hashCode() {
            return getKey().hashCode() ^ getValue().hashCode();
        }

        @Override
        public String toString() {
            return slot.toString();
        }
    }

    private static final class NameSet extends AbstractSet<String> {
        private final String[] distinct;

        NameSet(String[] distinct) {
            this.distinct = distinct;
        }

        @Override
        public Iterator<String> iterator() {
            return Collections.unmodifiableList(Arrays.asList(distinct)).iterator();
        }

        @Override
        public int size() {
            return distinct.length;
        }

        @Override
        public boolean contains(Object o) {
            if (!(o instanceof CharSequence name)) {
                return false;
            }
            for (String n : distinct) {
                if (sameName(n, name)) {
                    return true;
                }
            }
            return false;
        }
    }
}
