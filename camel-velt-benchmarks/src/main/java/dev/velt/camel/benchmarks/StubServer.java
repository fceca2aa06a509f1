package dev.velt.camel.benchmarks;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lean HTTP/1.1 keep-alive server on 127.0.0.1 for the benchmarks: one blocking thread per connection, no framework,
 * and answers that are byte arrays the scenario built before the clock started, written with one {@code write}. So the
 * stub costs a map lookup per request and is not what the benchmarks measure.
 * <p>
 * Every scenario installs its own {@link Handler}; the server counts requests per path and remembers when the first
 * request after {@link #reset()} arrived.
 */
final class StubServer implements AutoCloseable {

    /** Answers one POST: the complete HTTP response (status line, headers, body), usually pre-built. */
    interface Handler {

        byte[] handle(String path, byte[] body);
    }

    private static final byte[] NOT_FOUND = response(404,
            "{\"error\":{\"message\":\"no stub for this path\",\"status\":\"NOT_FOUND\"}}".getBytes(StandardCharsets.UTF_8));

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stub-connection");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final AtomicLong firstRequestNanos = new AtomicLong();
    private volatile Handler handler = (path, body) -> NOT_FOUND;
    private volatile boolean open = true;

    StubServer() throws IOException {
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "stub-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    void handler(Handler handler) {
        this.handler = handler;
        reset();
    }

    /** Zeroes the request counters and the first-request time. */
    void reset() {
        requests.clear();
        firstRequestNanos.set(0);
    }

    long requests(String path) {
        LongAdder count = requests.get(path);
        return count == null ? 0 : count.sum();
    }

    /** {@link System#nanoTime()} when the first request since {@link #reset()} arrived, or 0. */
    long firstRequestNanos() {
        return firstRequestNanos.get();
    }

    /** A complete HTTP/1.1 response with a JSON body. */
    static byte[] response(int status, byte[] json) {
        byte[] head = ("HTTP/1.1 " + status + (status == 200 ? " OK" : " Error") + "\r\n"
                       + "Content-Type: application/json\r\n"
                       + "Content-Length: " + json.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + json.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(json, 0, all, head.length, json.length);
        return all;
    }

    static byte[] ok(String json) {
        return response(200, json.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] notFound() {
        return NOT_FOUND;
    }

    /** The string value of {@code "field":"..."} in a request body, or null; enough for the JSON our clients send. */
    static String stringField(byte[] body, String field) {
        int at = indexOf(body, ("\"" + field + "\":\"").getBytes(StandardCharsets.US_ASCII));
        if (at < 0) {
            return null;
        }
        int end = at;
        while (end < body.length && body[end] != '"') {
            end++;
        }
        return new String(body, at, end - at, StandardCharsets.UTF_8);
    }

    /** The number value of {@code "field":123} in a request body, or {@code absent}. */
    static long longField(byte[] body, String field, long absent) {
        int at = indexOf(body, ("\"" + field + "\":").getBytes(StandardCharsets.US_ASCII));
        if (at < 0 || at >= body.length || body[at] < '0' || body[at] > '9') {
            return absent;
        }
        long value = 0;
        while (at < body.length && body[at] >= '0' && body[at] <= '9') {
            value = value * 10 + (body[at++] - '0');
        }
        return value;
    }

    /** The index just after {@code needle} in {@code body}, or -1. */
    private static int indexOf(byte[] body, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= body.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (body[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i + needle.length;
        }
        return -1;
    }

    private void accept() {
        while (open) {
            try {
                Socket socket = server.accept();
                connections.execute(() -> serve(socket));
            } catch (IOException e) {
                if (open) {
                    System.err.println("stub: accept failed: " + e);
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            OutputStream out = socket.getOutputStream();
            StringBuilder line = new StringBuilder(256);
            while (true) {
                if (!readLine(in, line)) {
                    return; // the client closed the connection
                }
                String requestLine = line.toString();
                int contentLength = 0;
                boolean chunked = false;
                boolean close = false;
                while (readLine(in, line) && line.length() > 0) {
                    String header = line.toString();
                    int colon = header.indexOf(':');
                    if (colon < 0) {
                        continue;
                    }
                    String name = header.substring(0, colon).trim();
                    String value = header.substring(colon + 1).trim();
                    if (name.equalsIgnoreCase("Content-Length")) {
                        contentLength = Integer.parseInt(value);
                    } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                        chunked = value.toLowerCase().contains("chunked");
                    } else if (name.equalsIgnoreCase("Connection")) {
                        close = value.equalsIgnoreCase("close");
                    }
                }
                firstRequestNanos.compareAndSet(0, System.nanoTime());
                byte[] body = chunked ? readChunked(in, line) : in.readNBytes(contentLength);
                int firstSpace = requestLine.indexOf(' ');
                int secondSpace = requestLine.indexOf(' ', firstSpace + 1);
                String path = requestLine.substring(firstSpace + 1, secondSpace < 0 ? requestLine.length() : secondSpace);
                requests.computeIfAbsent(path, p -> new LongAdder()).increment();
                byte[] answer;
                try {
                    answer = handler.handle(path, body);
                } catch (RuntimeException e) {
                    System.err.println("stub: handler failed on " + path + ": " + e);
                    answer = response(500, "{\"error\":{\"message\":\"stub failure\",\"status\":\"INTERNAL\"}}"
                            .getBytes(StandardCharsets.UTF_8));
                }
                out.write(answer);
                out.flush();
                if (close) {
                    return;
                }
            }
        } catch (SocketException | EOFException e) {
            // connection reset or closed by the client: normal at the end of a scenario
        } catch (IOException e) {
            if (open) {
                System.err.println("stub: connection failed: " + e);
            }
        }
    }

    private static byte[] readChunked(InputStream in, StringBuilder line) throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        while (true) {
            if (!readLine(in, line)) {
                throw new EOFException();
            }
            String size = line.toString();
            int semicolon = size.indexOf(';');
            int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (length == 0) {
                while (readLine(in, line) && line.length() > 0) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(length));
            readLine(in, line); // the CRLF after the chunk
        }
    }

    /** Reads one CRLF-terminated ASCII line into {@code line} (without the CRLF); false at end of stream. */
    private static boolean readLine(InputStream in, StringBuilder line) throws IOException {
        line.setLength(0);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int last = line.length() - 1;
                if (last >= 0 && line.charAt(last) == '\r') {
                    line.setLength(last);
                }
                return true;
            }
            line.append((char) c);
        }
        if (line.length() > 0) {
            throw new EOFException("truncated request");
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        open = false;
        server.close();
        connections.shutdownNow();
    }
}
