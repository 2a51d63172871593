package dev.sluice.proxy.http.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.ConcurrentModificationException;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.SplittableRandom;
import java.util.TimeZone;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlatHttpHeadersTest {
    private static final String DATE = "Sun, 06 Nov 1994 08:49:37 GMT";
    private static final long DATE_MILLIS = 784111777000L;

    /** The headers as name/value strings in iteration order. */
    static List<String> pairs(HttpHeaders h) {
        List<String> out = new ArrayList<>();
        for (Iterator<Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence(); it.hasNext(); ) {
            Entry<CharSequence, CharSequence> e = it.next();
            out.add(e.getKey() + ": " + e.getValue());
        }
        return out;
    }

    /** Applies the same steps to a FlatHttpHeaders and a DefaultHttpHeaders, checks they agree. */
    private static FlatHttpHeaders both(Consumer<HttpHeaders> steps) {
        FlatHttpHeaders flat = new FlatHttpHeaders();
        DefaultHttpHeaders netty = new DefaultHttpHeaders();
        steps.accept(flat);
        steps.accept(netty);
        assertThat(pairs(flat)).isEqualTo(pairs(netty));
        return flat;
    }

    @Test
    void addKeepsOrderAndGetReturnsTheFirstValue() {
        FlatHttpHeaders h = both(x -> x.add("X-A", "1").add("Host", "h").add("x-a", "2")
                .add(AsciiString.of("X-A"), "3"));
        assertThat(h.size()).isEqualTo(4);
        assertThat(h.isEmpty()).isFalse();
        assertThat(h.get("x-A")).isEqualTo("1");
        assertThat(h.get(AsciiString.of("X-a"))).isEqualTo("1");
        assertThat(h.getAll("X-A")).containsExactly("1", "2", "3");
        assertThat(pairs(h)).containsExactly("X-A: 1", "Host: h", "x-a: 2", "X-A: 3");
        assertThat(h.get("host", "dflt")).isEqualTo("h");
        assertThat(h.get("nope", "dflt")).isEqualTo("dflt");
    }

    @Test
    void namesCompareIgnoringAsciiCaseAcrossStringAndAsciiString() {
        FlatHttpHeaders h = new FlatHttpHeaders();
        h.add(AsciiString.cached("content-type"), "text/plain");
        h.add("ACCEPT", "*/*");
        assertThat(h.contains("Content-Type")).isTrue();
        assertThat(h.contains(AsciiString.of("CONTENT-TYPE"))).isTrue();
        assertThat(h.contains(AsciiString.of("accept"))).isTrue();
        assertThat(h.get(AsciiString.of("aCcEpT"))).isEqualTo("*/*");
        // Same length, not equal: the length check alone must not match.
        assertThat(h.contains("content-typf")).isFalse();
        assertThat(h.contains("content-typ")).isFalse();
        // Case folding is ASCII only: KELVIN SIGN is not 'k'.
        h.add("k", "v");
        assertThat(h.contains("\u212a")).isFalse();
        h.remove("CONTENT-type");
        assertThat(pairs(h)).containsExactly("ACCEPT: */*", "k: v");
    }

    @Test
    void setRemovesEveryOccurrenceAndAppendsTheNewHeaderLast() {
        FlatHttpHeaders h = both(x -> x.add("A", "1").add("B", "2").add("a", "3").add("C", "4").set("A", "x"));
        assertThat(pairs(h)).containsExactly("B: 2", "C: 4", "A: x");
        both(x -> x.add("B", "2").set(AsciiString.of("b"), "y").set("New", "n"));
        both(x -> x.add("A", "1").add("A", "2").set("a", List.of("p", "q")).add("Z", "z"));
        both(x -> x.add("A", "1").setInt("a", 5).addShort("S", (short) -3).setShort("s", (short) 7));
    }

    @Test
    void removeRemovesEveryOccurrenceAndKeepsTheRestInOrder() {
        FlatHttpHeaders h = both(x -> x.add("A", "1").add("B", "2").add("a", "3").add("C", "4")
                .add(AsciiString.of("A"), "5").remove("a"));
        assertThat(pairs(h)).containsExactly("B: 2", "C: 4");
        assertThat(h.size()).isEqualTo(2);
        h.remove(AsciiString.of("b")).remove("nope");
        assertThat(pairs(h)).containsExactly("C: 4");
        h.remove("C");
        assertThat(h.isEmpty()).isTrue();
        assertThat(h.size()).isZero();
    }

    @Test
    void absentHeader() {
        FlatHttpHeaders h = new FlatHttpHeaders();
        h.add("A", "1");
        assertThat(h.get("B")).isNull();
        assertThat(h.getAll("B")).isEmpty();
        assertThat(h.getAll(AsciiString.of("B"))).isEmpty();
        assertThat(h.contains("B")).isFalse();
        assertThat(h.getInt("B")).isNull();
        assertThat(h.getInt("B", 9)).isEqualTo(9);
        assertThat(h.getShort("B")).isNull();
        assertThat(h.getShort("B", (short) 9)).isEqualTo((short) 9);
        assertThat(h.getTimeMillis("B")).isNull();
        assertThat(h.getTimeMillis("B", 9L)).isEqualTo(9L);
        assertThat(h.valueStringIterator("B").hasNext()).isFalse();
    }

    @Test
    void containsMatchesWholeValuesAndContainsValueLooksInsideLists() {
        for (HttpHeaders h : List.of(new FlatHttpHeaders(), new DefaultHttpHeaders())) {
            h.add("Connection", "keep-alive, Upgrade");
            h.add("Connection", "close");
            assertThat(h.contains("connection", "upgrade", true)).as(h.getClass().getSimpleName()).isFalse();
            assertThat(h.contains("connection", "keep-alive, upgrade", true)).isTrue();
            assertThat(h.contains("connection", "keep-alive, upgrade", false)).isFalse();
            assertThat(h.contains("connection", "keep-alive, Upgrade", false)).isTrue();
            assertThat(h.contains(AsciiString.of("CONNECTION"), AsciiString.of("CLOSE"), true)).isTrue();
            assertThat(h.contains(AsciiString.of("CONNECTION"), AsciiString.of("CLOSE"), false)).isFalse();
            assertThat(h.containsValue("connection", "upgrade", true)).isTrue();
            assertThat(h.containsValue("connection", "upgrade", false)).isFalse();
            assertThat(h.containsValue("connection", "Upgrade", false)).isTrue();
            assertThat(h.containsValue("connection", "keep-alive", false)).isTrue();
            assertThat(h.containsValue("connection", "CLOSE", true)).isTrue();
            assertThat(h.containsValue("connection", "keep", true)).isFalse();
            assertThat(h.containsValue("other", "close", true)).isFalse();
        }
    }

    @Test
    void containsValueEdgeCasesMatchNetty() {
        List<CharSequence> values = List.of("", "a,", ",a", "a, ,b", "a,,b", "a ,\tb\t", "x", ",", ", ",
                AsciiString.of("A , b"), "caf\u00e9, CAF\u00e9");
        List<String> expected = List.of("", "a", "A", "b", "a,", "caf\u00e9", "CAF\u00c9", "CAF\u00e9", " a");
        for (CharSequence v : values) {
            FlatHttpHeaders flat = new FlatHttpHeaders();
            DefaultHttpHeaders netty = new DefaultHttpHeaders();
            flat.add("L", v);
            netty.add("L", v);
            for (String e : expected) {
                for (boolean ignoreCase : new boolean[] {true, false}) {
                    assertThat(flat.containsValue("L", e, ignoreCase))
                            .as("[%s] contains [%s] ignoreCase=%s", v, e, ignoreCase)
                            .isEqualTo(netty.containsValue("L", e, ignoreCase));
                    assertThat(flat.contains("L", e, ignoreCase))
                            .as("[%s] is [%s] ignoreCase=%s", v, e, ignoreCase)
                            .isEqualTo(netty.contains("L", e, ignoreCase));
                }
            }
        }
        FlatHttpHeaders h = new FlatHttpHeaders();
        h.add("L", "a, ,b");
        assertThat(h.containsValue("L", "", false)).isTrue();
        h.set("L", "a,");
        assertThat(h.containsValue("L", "", false)).isFalse();
    }

    @Test
    void objectValuesConvertLikeDefaultHttpHeaders() {
        Date date = new Date(DATE_MILLIS);
        Calendar calendar = Calendar.getInstance(TimeZone.getTimeZone("Europe/Paris"));
        calendar.setTime(date);
        StringBuilder builder = new StringBuilder("built");
        FlatHttpHeaders h = both(x -> x.add("Date", date).add("Cal", calendar).add("Int", 42).add("Long", -7L)
                .add("Bool", true).add("Sb", builder).set("Expires", date));
        assertThat(h.get("Date")).isEqualTo(DATE);
        assertThat(h.get("Cal")).isEqualTo(DATE);
        assertThat(h.get("Expires")).isEqualTo(DATE);
        assertThat(h.get("Int")).isEqualTo("42");
        assertThat(h.get("Long")).isEqualTo("-7");
        assertThat(h.get("Bool")).isEqualTo("true");
        // A CharSequence is stored as given, not copied.
        CharSequence stored = null;
        for (Iterator<Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence(); it.hasNext(); ) {
            Entry<CharSequence, CharSequence> e = it.next();
            if (e.getKey().equals("Sb")) {
                stored = e.getValue();
            }
        }
        assertThat(stored).isSameAs(builder);
    }

    @Test
    void intAndShortSettersStoreDecimalAndGettersParseLikeNetty() {
        FlatHttpHeaders h = both(x -> x.setInt("Content-Length", 42).addInt("N", -1).addShort("S", (short) 300)
                .setShort(AsciiString.of("T"), Short.MIN_VALUE));
        assertThat(h.get("content-length")).isEqualTo("42");
        assertThat(h.getInt("Content-Length")).isEqualTo(42);
        assertThat(h.getInt("N")).isEqualTo(-1);
        assertThat(h.getShort("S")).isEqualTo((short) 300);
        assertThat(h.get("T")).isEqualTo("-32768");
        assertThat(h.getShort("T")).isEqualTo(Short.MIN_VALUE);

        // The same strings and AsciiStrings through both classes, including the ones their
        // parsers treat differently ('+' is taken by Integer.parseInt, not by AsciiString).
        List<CharSequence> inputs = new ArrayList<>();
        for (String s : List.of("7", "+5", "-0", "70000", "2147483648", "x", "", "5 ", "1.5", "-32769", "0x10")) {
            inputs.add(s);
            inputs.add(AsciiString.of(s));
        }
        for (CharSequence v : inputs) {
            FlatHttpHeaders flat = new FlatHttpHeaders();
            DefaultHttpHeaders netty = new DefaultHttpHeaders();
            flat.add("V", v);
            netty.add("V", v);
            String what = v.getClass().getSimpleName() + " [" + v + "]";
            assertThat(flat.getInt("V")).as(what).isEqualTo(netty.getInt("V"));
            assertThat(flat.getInt("V", -99)).as(what).isEqualTo(netty.getInt("V", -99));
            assertThat(flat.getShort("V")).as(what).isEqualTo(netty.getShort("V"));
            assertThat(flat.getShort("V", (short) -99)).as(what).isEqualTo(netty.getShort("V", (short) -99));
        }
        FlatHttpHeaders signs = new FlatHttpHeaders();
        signs.add("P", "+5").add("Q", AsciiString.of("+5")).add("R", "70000");
        assertThat(signs.getInt("P")).isEqualTo(5);
        assertThat(signs.getInt("Q")).isNull();
        assertThat(signs.getShort("R")).isNull();
        assertThat(signs.getShort("R", (short) 3)).isEqualTo((short) 3);
        assertThat(signs.getInt("R")).isEqualTo(70000);
    }

    @Test
    void getTimeMillisParsesHttpDatesAndReturnsNullForOthers() {
        FlatHttpHeaders h = new FlatHttpHeaders();
        h.add("Date", DATE).add("Rfc850", "Sunday, 06-Nov-94 08:49:37 GMT").add("Bad", "yesterday");
        h.add("Ascii", AsciiString.of(DATE));
        assertThat(h.getTimeMillis("date")).isEqualTo(DATE_MILLIS);
        assertThat(h.getTimeMillis("Ascii")).isEqualTo(DATE_MILLIS);
        assertThat(h.getTimeMillis("Rfc850")).isEqualTo(DATE_MILLIS);
        assertThat(h.getTimeMillis("Bad")).isNull();
        assertThat(h.getTimeMillis("Bad", 1L)).isEqualTo(1L);
        assertThat(h.getTimeMillis("Date", 1L)).isEqualTo(DATE_MILLIS);

        // Where FlatHttpHeaders keeps the documented contract and Netty does not.
        DefaultHttpHeaders netty = new DefaultHttpHeaders();
        netty.add("Bad", "yesterday");
        assertThatThrownBy(() -> netty.getTimeMillis("Bad")).isInstanceOf(ParseException.class);
    }

    @Test
    void invalidNamesAreRejectedEverywhereAndNothingIsStored() {
        List<String> bad = List.of("X Bad", "Bad:Name", "", " Lead", "Trail ", "Na\u00efve", "A\r\nB", "\u0141",
                "(paren)", "a/b");
        for (String name : bad) {
            List<Runnable> writes = new ArrayList<>();
            FlatHttpHeaders h = new FlatHttpHeaders();
            writes.add(() -> h.add(name, "v"));
            writes.add(() -> h.add(new StringBuilder(name), "v"));
            writes.add(() -> h.set(name, "v"));
            if (AsciiString.of(name).contentEquals(name)) { // AsciiString turns a char above 0xFF into '?'
                writes.add(() -> h.set(AsciiString.of(name), "v"));
            }
            writes.add(() -> h.addInt(name, 1));
            writes.add(() -> h.setInt(name, 1));
            writes.add(() -> h.addShort(name, (short) 1));
            writes.add(() -> h.setShort(name, (short) 1));
            writes.add(() -> h.add(name, List.of("v")));
            writes.add(() -> h.set(name, List.of("v")));
            for (Runnable write : writes) {
                assertThatThrownBy(write::run).as("[%s]", name)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(name.isEmpty() ? "empty header name" : "'" + name + "'");
            }
            assertThat(h.isEmpty()).isTrue();
            // Netty agrees that these are not names.
            assertThatThrownBy(() -> new DefaultHttpHeaders().add(name, "v"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new FlatHttpHeaders().add("X Bad", "v"))
                .hasMessageContaining("0x20 at index 1");
    }

    @Test
    void invalidValuesAreRejectedWithoutEchoingTheValue() {
        List<String> bad = List.of("a\u0000", "secret\r", "secret\nX-Injected: 1", "\u0001", "x\u007f", "\u0100",
                "caf\u00e9\u2028", "a\u000bb", "\r\n");
        for (String value : bad) {
            FlatHttpHeaders h = new FlatHttpHeaders();
            h.add("Keep", "k");
            List<Runnable> writes = List.of(
                    () -> h.add("X-Val", value),
                    () -> h.add(AsciiString.of("X-Val"), new StringBuilder(value)),
                    () -> h.set("Keep", value),
                    () -> h.add("X-Val", List.of(value)),
                    () -> h.set("X-Val", List.of(value)));
            for (Runnable write : writes) {
                assertThatThrownBy(write::run).as("[%s]", value)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("value of header '")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(value));
            }
            // A failed set leaves the header it would have replaced.
            assertThat(pairs(h)).containsExactly("Keep: k");
        }
        FlatHttpHeaders h = new FlatHttpHeaders();
        assertThatThrownBy(() -> h.add("X-Val", "ab\rc"))
                .hasMessage("value of header 'X-Val' has character 0xd at index 2, not allowed in a field value");
    }

    @Test
    void htabSpaceAndObsTextAreAcceptedAndNothingIsTrimmed() {
        StringBuilder obs = new StringBuilder();
        byte[] obsBytes = new byte[128];
        for (int c = 0x80; c <= 0xFF; c++) {
            obs.append((char) c);
            obsBytes[c - 0x80] = (byte) c;
        }
        FlatHttpHeaders h = new FlatHttpHeaders();
        h.add("Tab", "a\tb").add("Obs", obs.toString()).add("ObsAscii", new AsciiString(obsBytes, false));
        h.add("Spaces", " padded\t").add("Empty", "").add("Vchar", "!\"#~[]{}()<>@,;:\\/?=");
        assertThat(h.get("Tab")).isEqualTo("a\tb");
        assertThat(h.get("Obs")).isEqualTo(obs.toString());
        assertThat(h.get("ObsAscii")).hasSize(128).isEqualTo(obs.toString());
        assertThat(h.get("Spaces")).isEqualTo(" padded\t");
        assertThat(h.get("Empty")).isEmpty();
        assertThat(h.get("Vchar")).isEqualTo("!\"#~[]{}()<>@,;:\\/?=");
        assertThat(h.size()).isEqualTo(6);
    }

    @Test
    void leadingWhitespaceAndWideCharsDifferFromNettysValidator() {
        // Netty refuses a value whose first char is SP or HTAB yet takes chars above 0xFF;
        // FlatHttpHeaders checks every char against the field-value byte class instead.
        FlatHttpHeaders flat = new FlatHttpHeaders();
        flat.add("Lead", " a");
        assertThat(flat.get("Lead")).isEqualTo(" a");
        assertThatThrownBy(() -> new DefaultHttpHeaders().add("Lead", " a"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> flat.add("Wide", "\u0100")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new DefaultHttpHeaders().add("Wide", "\u0100").get("Wide")).isEqualTo("\u0100");
    }

    @Test
    void nullsAreRefused() {
        FlatHttpHeaders h = new FlatHttpHeaders();
        assertThatThrownBy(() -> h.add("A", (Object) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> h.set("A", (Object) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> h.add((String) null, "v")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> h.get((String) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> h.contains((CharSequence) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> h.addTrusted(null, AsciiString.of("v"))).isInstanceOf(NullPointerException.class);
        assertThat(h.isEmpty()).isTrue();
    }

    @Test
    void iterablesAddInOrderAndSetStopsAtTheFirstNull() {
        both(x -> x.add("V", List.of("1", 2, AsciiString.of("3"))).add("W", "w").add(AsciiString.of("v"), List.of("4")));
        FlatHttpHeaders h = both(x -> x.add("V", "old").add("W", "w").set("v", Arrays.asList("a", null, "b")));
        assertThat(pairs(h)).containsExactly("W: w", "v: a");
        // An invalid value stops an add; the values before it stay, as in Netty.
        for (HttpHeaders x : List.of(new FlatHttpHeaders(), new DefaultHttpHeaders())) {
            assertThatThrownBy(() -> x.add("V", List.of("ok", "bad\n", "never")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(x.getAll("V")).containsExactly("ok");
        }
    }

    @Test
    void addTrustedSkipsValidation() {
        FlatHttpHeaders h = new FlatHttpHeaders();
        AsciiString name = new AsciiString("bad name");
        AsciiString value = new AsciiString("a\r\nb");
        h.addTrusted(name, value);
        h.addTrusted(AsciiString.of("Host"), AsciiString.of("example.com"));
        assertThat(h.size()).isEqualTo(2);
        assertThat(h.get("BAD NAME")).isEqualTo("a\r\nb");
        assertThat(h.get("host")).isEqualTo("example.com");
        Entry<CharSequence, CharSequence> first = h.iteratorCharSequence().next();
        assertThat(first.getKey()).isSameAs(name);
        assertThat(first.getValue()).isSameAs(value);
    }

    @Test
    void copyIsIndependent() {
        FlatHttpHeaders h = new FlatHttpHeaders(2);
        h.add("A", "1").add("B", "2").add("a", "3");
        h.addTrusted(AsciiString.of("T"), AsciiString.of("t"));
        FlatHttpHeaders copy = h.copy();
        assertThat(pairs(copy)).isEqualTo(pairs(h));
        assertThat(copy).isEqualTo(h).isNotSameAs(h);
        assertThat(copy.hashCode()).isEqualTo(h.hashCode());

        copy.set("A", "x").add("C", "c").remove("B");
        assertThat(pairs(h)).containsExactly("A: 1", "B: 2", "a: 3", "T: t");
        h.add("D", "d").clear();
        assertThat(pairs(copy)).containsExactly("T: t", "A: x", "C: c");
        assertThat(h.isEmpty()).isTrue();
        assertThat(new FlatHttpHeaders().copy().isEmpty()).isTrue();
    }

    @Test
    void growsPastTheInitialCapacity() {
        for (int initial : new int[] {0, 1, 16}) {
            FlatHttpHeaders h = new FlatHttpHeaders(initial);
            for (int i = 0; i < 100; i++) {
                h.add("X-" + i, "v" + i);
                h.add(AsciiString.of("x-same"), Integer.toString(i));
            }
            assertThat(h.size()).isEqualTo(200);
            for (int i = 0; i < 100; i++) {
                assertThat(h.get("x-" + i)).isEqualTo("v" + i);
            }
            assertThat(h.getAll("X-SAME")).hasSize(100).startsWith("0", "1").endsWith("98", "99");
            h.remove("x-same");
            assertThat(h.size()).isEqualTo(100);
            assertThat(pairs(h).get(99)).isEqualTo("X-99: v99");
        }
        assertThatThrownBy(() -> new FlatHttpHeaders(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void iteratorsKeepTheGivenInstancesAndAreReadOnly() {
        AsciiString name = AsciiString.cached("x-id");
        FlatHttpHeaders h = new FlatHttpHeaders();
        h.add(name, "1").add("B", "2");
        Iterator<Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence();
        assertThat(it.next().getKey()).isSameAs(name);
        assertThatThrownBy(it::remove).isInstanceOf(UnsupportedOperationException.class);
        assertThat(it.next().getKey()).isEqualTo("B");
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(java.util.NoSuchElementException.class);

        @SuppressWarnings("deprecation")
        Iterator<Entry<String, String>> strings = h.iterator();
        assertThat(strings.next()).isEqualTo(Map.entry("x-id", "1"));
        h.add("C", "3");
        assertThatThrownBy(strings::next).isInstanceOf(ConcurrentModificationException.class);
        assertThat(h.entries()).containsExactly(Map.entry("x-id", "1"), Map.entry("B", "2"), Map.entry("C", "3"));
        assertThat(new FlatHttpHeaders().entries()).isEmpty();
        assertThat(h.toString()).isEqualTo("FlatHttpHeaders[x-id: 1, B: 2, C: 3]");
    }

    @Test
    void entrySetValueWritesThroughAndIsValidated() {
        FlatHttpHeaders h = new FlatHttpHeaders();
        h.add("A", "1").add("B", "2").add("C", "3");
        List<Entry<String, String>> entries = h.entries();
        assertThat(entries.get(1).setValue("two")).isEqualTo("2");
        assertThat(pairs(h)).containsExactly("A: 1", "B: two", "C: 3");
        assertThatThrownBy(() -> entries.get(2).setValue("x\r\nEvil: 1")).isInstanceOf(IllegalArgumentException.class);
        assertThat(h.get("C")).isEqualTo("3");

        // After an earlier header is removed, the entry still finds its header.
        h.remove("A");
        entries.get(2).setValue("three");
        assertThat(pairs(h)).containsExactly("B: two", "C: three");
        // A removed header's entry is detached: writing to it changes nothing in the headers.
        h.remove("B");
        assertThat(entries.get(1).setValue("gone")).isEqualTo("two");
        assertThat(entries.get(1).getValue()).isEqualTo("gone");
        assertThat(pairs(h)).containsExactly("C: three");

        for (Iterator<Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence(); it.hasNext(); ) {
            it.next().setValue(AsciiString.of("via-iterator"));
        }
        assertThat(h.get("c")).isEqualTo("via-iterator");
    }

    @Test
    void valueIteratorsFollowGetAllOrderAndRemove() {
        FlatHttpHeaders h = new FlatHttpHeaders();
        h.add("V", "1").add("X", "x").add("v", "2").add(AsciiString.of("V"), "3");
        List<String> seen = new ArrayList<>();
        h.valueStringIterator("v").forEachRemaining(seen::add);
        assertThat(seen).isEqualTo(h.getAll("v")).containsExactly("1", "2", "3");

        Iterator<CharSequence> it = h.valueCharSequenceIterator(AsciiString.of("V"));
        assertThatThrownBy(it::remove).isInstanceOf(IllegalStateException.class);
        assertThat(it.next()).hasToString("1");
        assertThat(it.next()).hasToString("2");
        it.remove();
        assertThatThrownBy(it::remove).isInstanceOf(IllegalStateException.class);
        assertThat(it.next()).hasToString("3");
        assertThat(it.hasNext()).isFalse();
        assertThat(pairs(h)).containsExactly("V: 1", "X: x", "V: 3");

        Iterator<String> strings = h.valueStringIterator("V");
        strings.next();
        strings.remove();
        strings.next();
        strings.remove();
        assertThat(pairs(h)).containsExactly("X: x");

        // Netty yields these newest first, contrary to its own documentation.
        DefaultHttpHeaders netty = new DefaultHttpHeaders();
        netty.add("V", "1").add("V", "2");
        assertThat(netty.valueStringIterator("V").next()).isEqualTo("2");
    }

    @Test
    void namesAreASnapshotInFirstSeenOrderWithCaseInsensitiveContains() {
        FlatHttpHeaders h = new FlatHttpHeaders();
        h.add("Host", "h").add("Accept", "a").add("host", "h2").add(AsciiString.of("Host"), "h3").add("Accept", "b");
        var names = h.names();
        assertThat(names).containsExactly("Host", "Accept", "host");
        assertThat(names.contains("HOST")).isTrue();
        assertThat(names.contains(AsciiString.of("accept"))).isTrue();
        assertThat(names.contains("Via")).isFalse();
        assertThatThrownBy(() -> names.add("Via")).isInstanceOf(UnsupportedOperationException.class);
        h.add("Via", "1.1 sluice");
        assertThat(names).hasSize(3);
        assertThat(new FlatHttpHeaders().names()).isEmpty();
    }

    @Test
    void bulkAddSetAndSetAll() {
        DefaultHttpHeaders source = new DefaultHttpHeaders();
        source.add("A", "1").add("B", "2").add("a", "3");
        FlatHttpHeaders flatSource = new FlatHttpHeaders();
        flatSource.add(source);
        assertThat(pairs(flatSource)).containsExactly("A: 1", "B: 2", "a: 3");

        for (HttpHeaders from : List.<HttpHeaders>of(source, flatSource)) {
            FlatHttpHeaders h = both(x -> x.add("A", "0").add("C", "c").add(from));
            assertThat(pairs(h)).containsExactly("A: 0", "C: c", "A: 1", "B: 2", "a: 3");
            h = both(x -> x.add("A", "0").add("C", "c").set(from));
            assertThat(pairs(h)).containsExactly("A: 1", "B: 2", "a: 3");
            // setAll sets entry by entry, so of several values for a name the last one stays.
            h = both(x -> x.add("A", "0").add("C", "c").setAll(from));
            assertThat(pairs(h)).containsExactly("C: c", "B: 2", "a: 3");
        }

        FlatHttpHeaders self = new FlatHttpHeaders();
        self.add("A", "1").add("A", "2");
        assertThatThrownBy(() -> self.add(self)).isInstanceOf(IllegalArgumentException.class);
        self.set(self).setAll(self);
        assertThat(pairs(self)).containsExactly("A: 1", "A: 2");

        // Headers from elsewhere are validated on the way in.
        DefaultHttpHeaders lax = new DefaultHttpHeaders(false);
        lax.add("Bad Name", "v");
        assertThatThrownBy(() -> new FlatHttpHeaders().add(lax)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equalityIgnoresNameCaseAndOrderAcrossNamesButNotValueOrder() {
        FlatHttpHeaders a = new FlatHttpHeaders();
        a.add("A", "1").add("B", "x").add("A", "2");
        FlatHttpHeaders b = new FlatHttpHeaders();
        b.add("b", "x").add(AsciiString.of("a"), "1").add("a", "2");
        assertThat(a).isEqualTo(b);
        assertThat(b).isEqualTo(a);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());

        FlatHttpHeaders swapped = new FlatHttpHeaders();
        swapped.add("A", "2").add("B", "x").add("A", "1");
        assertThat(a).isNotEqualTo(swapped);
        FlatHttpHeaders valueCase = new FlatHttpHeaders();
        valueCase.add("A", "1").add("B", "X").add("A", "2");
        assertThat(a).isNotEqualTo(valueCase);
        FlatHttpHeaders otherName = new FlatHttpHeaders();
        otherName.add("A", "1").add("C", "x").add("A", "2");
        assertThat(a).isNotEqualTo(otherName);
        FlatHttpHeaders moreOfOne = new FlatHttpHeaders();
        moreOfOne.add("A", "1").add("A", "2").add("A", "x");
        assertThat(a).isNotEqualTo(moreOfOne);
        assertThat(moreOfOne).isNotEqualTo(a);
        assertThat(a).isNotEqualTo(new DefaultHttpHeaders().add(a));
    }

    @Test
    void factoryMakesFreshFlatHeaders() {
        HttpHeaders one = FlatHttpHeaders.FACTORY.newHeaders();
        HttpHeaders two = FlatHttpHeaders.FACTORY.newHeaders();
        HttpHeaders empty = FlatHttpHeaders.FACTORY.newEmptyHeaders();
        assertThat(one).isInstanceOf(FlatHttpHeaders.class).isNotSameAs(two);
        assertThat(empty).isInstanceOf(FlatHttpHeaders.class).isNotSameAs(FlatHttpHeaders.FACTORY.newEmptyHeaders());
        assertThat(one.isEmpty()).isTrue();
        assertThat(empty.isEmpty()).isTrue();
        one.add("A", "1");
        assertThat(two.isEmpty()).isTrue();
        for (int i = 0; i < 10; i++) {
            empty.add("E" + i, "e");
        }
        assertThat(empty.size()).isEqualTo(10);
    }

    @Test
    void nettysDecoderFillsFlatHeadersAndTrailers() {
        HttpDecoderConfig config = new HttpDecoderConfig()
                .setHeadersFactory(FlatHttpHeaders.FACTORY)
                .setTrailersFactory(FlatHttpHeaders.FACTORY);
        EmbeddedChannel channel = new EmbeddedChannel(new HttpRequestDecoder(config));
        String request = "POST /upload HTTP/1.1\r\n"
                + "Host: example.com\r\n"
                + "X-Multi: a\r\n"
                + "x-multi: b\r\n"
                + "Transfer-Encoding: chunked\r\n"
                + "\r\n"
                + "3\r\nabc\r\n"
                + "0\r\n"
                + "X-Checksum: 900150983cd24fb0\r\n"
                + "\r\n";
        assertThat(channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII))).isTrue();
        List<Object> messages = new ArrayList<>();
        for (Object m; (m = channel.readInbound()) != null; ) {
            messages.add(m);
        }
        try {
            HttpRequest head = (HttpRequest) messages.get(0);
            assertThat(head.decoderResult().isSuccess()).isTrue();
            assertThat(head.headers()).isInstanceOf(FlatHttpHeaders.class);
            assertThat(pairs(head.headers()))
                    .containsExactly("Host: example.com", "X-Multi: a", "x-multi: b", "Transfer-Encoding: chunked");
            LastHttpContent last = (LastHttpContent) messages.get(messages.size() - 1);
            assertThat(last.trailingHeaders()).isInstanceOf(FlatHttpHeaders.class);
            assertThat(last.trailingHeaders().get("x-checksum")).isEqualTo("900150983cd24fb0");
            StringBuilder body = new StringBuilder();
            for (Object m : messages) {
                if (m instanceof HttpContent c) {
                    body.append(c.content().toString(StandardCharsets.US_ASCII));
                }
            }
            assertThat(body).hasToString("abc");
        } finally {
            messages.forEach(ReferenceCountUtil::release);
            channel.finishAndReleaseAll();
        }
    }

    /** A name that fails the test if anything turns it into a String. */
    private record NoToString(String text) implements CharSequence {
        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            throw new AssertionError("subSequence");
        }

        @Override
        public String toString() {
            throw new AssertionError("toString on a header name");
        }
    }

    @Test
    void charSequenceNamesAreNeverTurnedIntoStrings() {
        CharSequence name = new NoToString("x-id");
        FlatHttpHeaders h = new FlatHttpHeaders();
        h.add("X-Id", "1").add("Other", "o");
        assertThat(h.get(name)).isEqualTo("1");
        assertThat(h.get(name, "d")).isEqualTo("1");
        assertThat(h.getAll(name)).containsExactly("1");
        assertThat(h.contains(name)).isTrue();
        assertThat(h.contains(name, "1", false)).isTrue();
        assertThat(h.containsValue(name, "1", false)).isTrue();
        assertThat(h.getInt(name)).isEqualTo(1);
        assertThat(h.getShort(name)).isEqualTo((short) 1);
        assertThat(h.getTimeMillis(name)).isNull();
        assertThat(h.valueStringIterator(name).next()).isEqualTo("1");
        assertThat(h.valueCharSequenceIterator(name).next()).hasToString("1");
        assertThat(h.names().contains(new NoToString("other"))).isTrue();
        // From here on the name is stored, and only reading it back as a String would convert it.
        h.add(name, "2").addInt(name, 3).addShort(name, (short) 4).add(name, List.of("5"));
        assertThat(h.getAll("X-ID")).containsExactly("1", "2", "3", "4", "5");
        h.set(name, "6");
        assertThat(h.getAll("X-ID")).containsExactly("6");
        h.setInt(name, 7).setShort(name, (short) 8).set(name, List.of("9", "10"));
        assertThat(h.getAll("X-ID")).containsExactly("9", "10");
        h.remove(name);
        assertThat(h.contains("x-id")).isFalse();
        assertThat(h.size()).isEqualTo(1);
    }

    @Test
    void theNameFilterNeverHidesANameAndClearsOnlyWithClear() {
        FlatHttpHeaders h = new FlatHttpHeaders(2);
        long connection = FlatHttpHeaders.bitsOf(HttpHeaderNames.CONNECTION);
        long hostAndVia = FlatHttpHeaders.bitsOf("host", "via");
        assertThat(h.mayContainAny(connection | hostAndVia)).isFalse();
        h.addTrusted(AsciiString.of("HOST"), AsciiString.of("a"));
        assertThat(h.mayContainAny(hostAndVia)).isTrue();
        assertThat(h.mayContainAny(connection)).as("different length, different bit").isFalse();
        assertThat(h.contains("Host")).isTrue();
        assertThat(h.contains("hosT")).isTrue();
        assertThat(h.contains("Connection")).isFalse();
        h.remove("host");
        assertThat(h.contains("host")).isFalse();
        assertThat(h.mayContainAny(hostAndVia)).as("a removal leaves its bit: a scan decides").isTrue();
        FlatHttpHeaders copy = new FlatHttpHeaders(0);
        h.add("Connection", "close");
        copy.add(h);
        assertThat(copy.mayContainAny(connection)).isTrue();
        assertThat(copy.get("CONNECTION")).isEqualTo("close");
        h.clear();
        assertThat(h.mayContainAny(connection | hostAndVia)).isFalse();
        h.set("Via", "1.1 sluice");
        assertThat(h.get("via")).isEqualTo("1.1 sluice");
    }

    @Test
    void clearEmptiesAndTheHeadersStayUsable() {
        FlatHttpHeaders h = new FlatHttpHeaders(1);
        h.add("A", "1").add("B", "2").clear();
        assertThat(h.isEmpty()).isTrue();
        assertThat(h.get("A")).isNull();
        assertThat(pairs(h)).isEmpty();
        h.add("C", "3");
        assertThat(pairs(h)).containsExactly("C: 3");
    }

    @Test
    void dateFormatterMatchesTheConstant() {
        // Guards the constants the tests above rely on.
        assertThat(DateFormatter.format(new Date(DATE_MILLIS))).isEqualTo(DATE);
    }

    // ---- differential: the same random operations on FlatHttpHeaders and DefaultHttpHeaders

    private static final List<CharSequence> NAMES = List.of(
            "Host", "host", AsciiString.of("HOST"),
            "X-Forwarded-For", AsciiString.of("x-forwarded-for"),
            "Accept", "ACCEPT", AsciiString.of("accept"),
            "Content-Length", AsciiString.of("content-length"),
            "Via", "Cookie", "cookie", "X-Empty", "Date", AsciiString.of("date"));
    private static final List<CharSequence> BAD_NAMES = List.of("X Bad", "", "Bad:Name", "N\u00e9", "a\r\nb");
    // Values both classes accept and read alike: none starts with SP or HTAB or has a char above
    // 0xFF (the validators differ there), and no AsciiString has obs-text at the edge of a list
    // element (Netty's AsciiString.trim takes bytes 0x80-0xFF for whitespace).
    private static final List<Object> VALUES = List.of(
            "1", "42", "+5", AsciiString.of("+5"), "-7", "70000", "a, b", "A, B", AsciiString.of("gzip,deflate"),
            "gzip, deflate", "", "x y", "trail ", "a\tb", "caf\u00e9", AsciiString.of("x\u00e9y"), DATE,
            AsciiString.of(DATE), "a,", ",a", "a, ,b", 7, 123L, new Date(DATE_MILLIS), new StringBuilder("sb, A"));
    private static final List<Object> BAD_VALUES = List.of("a\r\nb", "\u0000", "x\u007f", "bad\n", "\u0001");
    private static final List<CharSequence> PROBES = List.of(
            "a", "A", "b", "gzip", "deflate", "", "1", "a, b", "x y", "caf\u00e9", "CAF\u00e9", "caf\u00c9",
            "trail", "trail ", "sb", "SB", AsciiString.of("B"), DATE);

    @FunctionalInterface
    interface Op {
        Object apply(HttpHeaders h) throws Exception;
    }

    @ParameterizedTest
    @ValueSource(longs = {1L, 42L, 0x5eed_f1a7L})
    void behavesLikeDefaultHttpHeadersUnderRandomOperations(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        FlatHttpHeaders flat = new FlatHttpHeaders(random.nextInt(0, 4));
        DefaultHttpHeaders netty = new DefaultHttpHeaders();
        int failures = 0;
        for (int step = 0; step < 2_000; step++) {
            String[] label = new String[1];
            Op op = randomOp(random, flat.size(), label);
            Object expected = outcome(netty, op);
            Object actual = outcome(flat, op);
            String where = "seed " + seed + " step " + step + ": " + label[0];
            assertThat(actual).as(where).isEqualTo(expected);
            if ("IllegalArgumentException".equals(expected)) {
                failures++;
            }
            assertThat(pairs(flat)).as(where).isEqualTo(pairs(netty));
            assertThat(flat.size()).as(where).isEqualTo(netty.size());
            assertThat(flat.isEmpty()).as(where).isEqualTo(netty.isEmpty());
            for (CharSequence name : NAMES) {
                assertThat(flat.get(name)).as(where + " get " + name).isEqualTo(netty.get(name));
                assertThat(flat.getAll(name)).as(where + " getAll " + name).isEqualTo(netty.getAll(name));
                assertThat(flat.contains(name)).as(where + " contains " + name).isEqualTo(netty.contains(name));
            }
            if (step % 100 == 0) {
                assertThat(flat.copy()).as(where).isEqualTo(flat).hasSameHashCodeAs(flat);
            }
        }
        // The run must have exercised the paths that refuse input, and left headers to compare.
        assertThat(failures).isGreaterThan(20);
    }

    private static Object outcome(HttpHeaders h, Op op) {
        try {
            Object result = op.apply(h);
            return result == h ? "this" : result;
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    private static Op randomOp(SplittableRandom r, int size, String[] label) {
        int kind = size > 30 && r.nextBoolean() ? 30 : r.nextInt(100);
        boolean badName = r.nextInt(10) == 0;
        CharSequence name = badName ? pick(r, BAD_NAMES) : pick(r, NAMES);
        Object value = randomValue(r, !badName);
        CharSequence probe = pick(r, PROBES);
        boolean ignoreCase = r.nextBoolean();
        if (kind < 18) {
            label[0] = "add(" + name + ", " + value + ")";
            return h -> name instanceof String s ? h.add(s, value) : h.add(name, value);
        }
        if (kind < 30) {
            label[0] = "set(" + name + ", " + value + ")";
            return h -> name instanceof String s ? h.set(s, value) : h.set(name, value);
        }
        if (kind < 37) {
            label[0] = "remove(" + name + ")";
            return h -> name instanceof String s ? h.remove(s) : h.remove(name);
        }
        if (kind < 41) {
            int n = r.nextInt(-40_000, 40_000);
            return switch (kind) {
                case 37 -> labelled(label, "addInt(" + name + ", " + n + ")", h -> h.addInt(name, n));
                case 38 -> labelled(label, "setInt(" + name + ", " + n + ")", h -> h.setInt(name, n));
                case 39 -> labelled(label, "addShort(" + name + ", " + n + ")", h -> h.addShort(name, (short) n));
                default -> labelled(label, "setShort(" + name + ", " + n + ")", h -> h.setShort(name, (short) n));
            };
        }
        if (kind < 46) {
            List<Object> values = new ArrayList<>();
            int count = r.nextInt(kind < 43 ? 1 : 0, 4); // Netty checks no name for an empty add
            for (int i = 0; i < count; i++) {
                values.add(randomValue(r, !badName));
            }
            if (kind < 43) {
                label[0] = "add(" + name + ", " + values + ")";
                return h -> name instanceof String s ? h.add(s, values) : h.add(name, values);
            }
            label[0] = "set(" + name + ", " + values + ")";
            return h -> name instanceof String s ? h.set(s, values) : h.set(name, values);
        }
        if (kind == 46) {
            boolean clear = r.nextInt(4) == 0;
            return labelled(label, clear ? "clear()" : "isEmpty()", h -> clear ? h.clear() : h.isEmpty());
        }
        if (kind < 51) {
            // String values only: DefaultHttpHeaders copies another class's headers as Strings,
            // FlatHttpHeaders keeps the instances, and AsciiString parses "+5" differently.
            HttpHeaders other = r.nextBoolean() ? new DefaultHttpHeaders() : new FlatHttpHeaders();
            for (int i = r.nextInt(0, 4); i > 0; i--) {
                Object v = pick(r, VALUES);
                other.add(pick(r, NAMES), v instanceof CharSequence cs ? cs.toString() : v);
            }
            return switch (kind) {
                case 47, 48 -> labelled(label, "add(" + other + ")", h -> h.add(other));
                case 49 -> labelled(label, "set(" + other + ")", h -> h.set(other));
                default -> labelled(label, "setAll(" + other + ")", h -> h.setAll(other));
            };
        }
        if (kind < 55) {
            int index = r.nextInt(0, Math.max(1, size));
            CharSequence newValue = r.nextBoolean() ? "set-" + index : AsciiString.of("ascii-" + index);
            return labelled(label, "entry " + index + " setValue(" + newValue + ")", h -> {
                Iterator<Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence();
                for (int i = 0; i < index && it.hasNext(); i++) {
                    it.next();
                }
                return it.hasNext() ? String.valueOf(it.next().setValue(newValue)) : "none";
            });
        }
        if (kind < 58) {
            // Netty's value iterator runs newest first, so remove by value, not by position.
            return labelled(label, "value iterator remove(" + name + " == " + probe + ")", h -> {
                int removed = 0;
                for (Iterator<? extends CharSequence> it = h.valueCharSequenceIterator(name); it.hasNext(); ) {
                    if (it.next().toString().equals(probe.toString())) {
                        it.remove();
                        removed++;
                    }
                }
                return removed;
            });
        }
        return switch (r.nextInt(17)) {
            case 0 -> labelled(label, "get(" + name + ")", h -> h.get(name));
            case 1 -> labelled(label, "get(" + name + ", dflt)", h -> h.get(name, "dflt"));
            case 2 -> labelled(label, "getAll(" + name + ")", h -> name instanceof String s ? h.getAll(s) : h.getAll(name));
            case 3 -> labelled(label, "contains(" + name + ")", h -> name instanceof String s ? h.contains(s) : h.contains(name));
            case 4 -> labelled(label, "contains(" + name + ", " + probe + ", " + ignoreCase + ")",
                    h -> name instanceof String s && probe instanceof String p
                            ? h.contains(s, p, ignoreCase) : h.contains(name, probe, ignoreCase));
            case 5 -> labelled(label, "containsValue(" + name + ", " + probe + ", " + ignoreCase + ")",
                    h -> h.containsValue(name, probe, ignoreCase));
            case 6 -> labelled(label, "getInt(" + name + ")", h -> List.of(String.valueOf(h.getInt(name)), h.getInt(name, -1)));
            case 7 -> labelled(label, "getShort(" + name + ")",
                    h -> List.of(String.valueOf(h.getShort(name)), h.getShort(name, (short) -1)));
            case 8 -> labelled(label, "getTimeMillis(" + name + ")", h -> timeMillis(h, name));
            case 9 -> labelled(label, "value iterator(" + name + ")", h -> {
                // Compared with getAll: Netty's own iterator runs newest first, against its documentation.
                if (h instanceof DefaultHttpHeaders) {
                    return h.getAll(name);
                }
                List<String> values = new ArrayList<>();
                h.valueStringIterator(name).forEachRemaining(values::add);
                return values;
            });
            // Netty's names() can yield a name twice (a String and an AsciiString spelling it alike).
            case 10 -> labelled(label, "names()", h -> new ArrayList<>(h.names()).stream().distinct().toList());
            case 11 -> labelled(label, "names().contains(" + name + ")", h -> h.names().contains(name));
            case 12 -> labelled(label, "entries()", h -> h.entries().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
            case 13 -> labelled(label, "copy()", h -> {
                HttpHeaders copy = h.copy();
                return List.of(copy.getClass() == h.getClass(), pairs(copy));
            });
            case 14 -> labelled(label, "size()", HttpHeaders::size);
            case 15 -> labelled(label, "toString()", h -> h.toString().substring(h.toString().indexOf('[')));
            default -> labelled(label, "iterator()", h -> {
                List<String> out = new ArrayList<>();
                h.iteratorAsString().forEachRemaining(e -> out.add(e.getKey() + "=" + e.getValue()));
                return out;
            });
        };
    }

    private static Op labelled(String[] label, String text, Op op) {
        label[0] = text;
        return op;
    }

    private static Object randomValue(SplittableRandom r, boolean mayBeNull) {
        int p = r.nextInt(100);
        if (p < 8) {
            return pick(r, BAD_VALUES);
        }
        if (p < 10 && mayBeNull) {
            return null;
        }
        return pick(r, VALUES);
    }

    // Netty throws an undeclared ParseException for a value that is not a date; FlatHttpHeaders
    // returns null, as both classes document.
    private static Object timeMillis(HttpHeaders h, CharSequence name) throws Exception {
        try {
            return String.valueOf(h.getTimeMillis(name)) + "/" + h.getTimeMillis(name, -1L);
        } catch (Exception e) {
            if (e instanceof ParseException && h instanceof DefaultHttpHeaders) {
                return "null/-1";
            }
            throw e;
        }
    }

    private static <T> T pick(SplittableRandom r, List<T> from) {
        return from.get(r.nextInt(from.size()));
    }
}
