package dev.sluice.proxy.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * A plain TCP connection for writing exactly the bytes a test wants (malformed requests, slow
 * or abandoned bodies) and reading back raw responses. Blocking; for the test thread only.
 */
public final class RawConnection implements AutoCloseable {

    /** After a complete response without {@code Connection: close}, how long to watch for a close. */
    private static final Duration CLOSE_GRACE = Duration.ofMillis(200);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private byte[] pending = new byte[0]; // read past the end of the previous response
    private boolean lastRequestHead;
    private boolean eof;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static RawConnection open(String host, int port) {
        return open(host, port, Duration.ofSeconds(2));
    }

    public static RawConnection open(String host, int port, Duration connectTimeout) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            return new RawConnection(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("connect to %s:%d".formatted(host, port), e);
        }
    }

    /** Writes {@code text} as ISO-8859-1 (so {@code \u00ff} is the byte 0xFF) and flushes. */
    public RawConnection send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawConnection send(byte[] bytes) {
        if (bytes.length >= 5) {
            lastRequestHead = new String(bytes, 0, 5, StandardCharsets.ISO_8859_1).equals("HEAD ");
        }
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("write", e);
        }
        return this;
    }

    /**
     * Writes {@code bytes} {@code bytesPerStep} at a time with {@code pause} between steps, like a
     * slow client. Stops early if a write fails (the server gave up on us).
     *
     * @return the number of bytes written before stopping
     */
    public long trickle(byte[] bytes, int bytesPerStep, Duration pause) {
        if (bytesPerStep <= 0) {
            throw new IllegalArgumentException("bytesPerStep: %d (expected: > 0)".formatted(bytesPerStep));
        }
        long written = 0;
        for (int off = 0; off < bytes.length; off += bytesPerStep) {
            int n = Math.min(bytesPerStep, bytes.length - off);
            try {
                out.write(bytes, off, n);
                out.flush();
            } catch (IOException e) {
                return written;
            }
            written += n;
            if (off + n < bytes.length) {
                sleep(pause);
            }
        }
        return written;
    }

    /**
     * Reads one response: until it is complete, the server closes, or {@code timeout} passes.
     * After a complete keep-alive response it watches 200 ms more for a
     * close; with {@code Connection: close} it waits up to the timeout.
     */
    public RawResponse readResponse(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(pending);
        pending = new byte[0];
        int end = RawResponse.INCOMPLETE;
        while (!eof) {
            byte[] bytes = buf.toByteArray();
            end = RawResponse.frameEnd(bytes, bytes.length, lastRequestHead);
            if (end >= 0) {
                pending = Arrays.copyOfRange(bytes, end, bytes.length);
                buf.reset();
                buf.write(bytes, 0, end);
                break;
            }
            if (!readSome(buf, deadline)) {
                break;
            }
        }
        String text = buf.toString(StandardCharsets.ISO_8859_1);
        boolean complete = end >= 0 || (eof && end == RawResponse.UNTIL_CLOSE);
        if (complete && !eof) {
            RawResponse partial = new RawResponse(text, true, false);
            boolean announcedClose = "close".equalsIgnoreCase(partial.header("connection"));
            long graceEnd = announcedClose ? deadline : Math.min(deadline, System.nanoTime() + CLOSE_GRACE.toNanos());
            awaitEof(graceEnd);
        }
        return new RawResponse(text, complete, eof);
    }

    /** Reads and discards until the server closes; true if it did within {@code timeout}. */
    public boolean awaitServerClose(Duration timeout) {
        pending = new byte[0];
        awaitEof(System.nanoTime() + timeout.toNanos());
        return eof;
    }

    /** Closes with a TCP reset (SO_LINGER 0): a client that vanished mid-request. */
    public void abandon() {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already closed: nothing left to abandon
        }
        closeQuietly(socket);
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private void awaitEof(long deadlineNanos) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        sink.writeBytes(pending); // bytes after this response belong to the next one
        while (!eof && readSome(sink, deadlineNanos)) {
            pending = sink.toByteArray();
        }
    }

    /** Reads what is available into {@code buf}; false on timeout or EOF. */
    private boolean readSome(ByteArrayOutputStream buf, long deadlineNanos) {
        long leftMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (leftMillis <= 0) {
            return false;
        }
        byte[] chunk = new byte[16 * 1024];
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMillis));
            int n = in.read(chunk);
            if (n < 0) {
                eof = true;
                return false;
            }
            buf.write(chunk, 0, n);
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            eof = true; // reset by peer counts as closed
            return false;
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trickling", e);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing useful to do in a test helper
        }
    }
}
