package io.poolguard.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.restassured.RestAssured;

/**
 * HTTP/1.1 over a plain socket, for requests an HTTP client library refuses or tidies up: any method spelling, no
 * or several {@code Content-Type} headers, control bytes in a header, bodies that do not match their headers. One
 * connection per request ({@code Connection: close}); talks to the application under test at RestAssured's port.
 */
public final class RawHttp {

    private static final int TIMEOUT_MILLIS = 15_000;

    private RawHttp() {
    }

    /**
     * A request as sent: method, target (path and query), headers in order, body.
     *
     * @param hostHeader whether a {@code Host} header naming the server comes first (unless {@link #withoutHost})
     */
    public record Request(String method, String target, List<Map.Entry<String, String>> headers, byte[] body,
            boolean hostHeader) {

        public static Request of(String method, String target) {
            return new Request(method, target, List.of(), new byte[0], true);
        }

        /** Without the {@code Host} header naming the server: none at all, or one added with {@link #header}. */
        public Request withoutHost() {
            return new Request(method, target, headers, body, false);
        }

        public Request header(String name, String value) {
            List<Map.Entry<String, String>> more = new ArrayList<>(headers);
            more.add(Map.entry(name, value));
            return new Request(method, target, more, body, hostHeader);
        }

        /** The body, with a matching Content-Length (no Content-Type: add one with {@link #header}). */
        public Request body(String text) {
            return new Request(method, target, headers, text.getBytes(StandardCharsets.UTF_8), hostHeader);
        }

        /** For assertion messages: the request line, headers and up to 300 characters of body. */
        public String describe() {
            StringBuilder out = new StringBuilder(method).append(' ').append(abbreviate(target, 200));
            if (!hostHeader) {
                out.append(" | (no Host of the server)");
            }
            headers.forEach(h -> out.append(" | ").append(h.getKey()).append(": ")
                    .append(abbreviate(h.getValue(), 100)));
            if (body.length > 0) {
                out.append(" | body: ").append(abbreviate(new String(body, StandardCharsets.UTF_8), 300));
            }
            return out.toString();
        }

        private byte[] bytes(String host) {
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            if (hostHeader) {
                head.append("Host: ").append(host).append("\r\n");
            }
            headers.forEach(h -> head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n"));
            if (body.length > 0) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(body);
            return out.toByteArray();
        }
    }

    /** A response as received; header names in lower case. */
    public record Response(int status, Map<String, List<String>> headers, byte[] body) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : String.join(", ", values);
        }

        public String contentType() {
            return header("content-type");
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public boolean isProblem() {
            String type = contentType();
            return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return status + " " + contentType() + " " + abbreviate(text(), 300);
        }
    }

    public static Response send(Request request) {
        String host = "localhost";
        int port = RestAssured.port;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.bytes(host + ":" + port));
                out.flush();
            } catch (IOException e) {
                // the server may answer (413, 431) and close before a large request is fully written
            }
            return parse(readAll(socket.getInputStream()), request.method().equals("HEAD"));
        } catch (IOException e) {
            throw new UncheckedIOException("no HTTP response to " + request.describe(), e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) != -1;) {
                received.write(buffer, 0, n);
            }
        } catch (java.net.SocketException e) {
            // connection reset after the response: keep what arrived
            if (received.size() == 0) {
                throw e;
            }
        }
        return received.toByteArray();
    }

    private static Response parse(byte[] raw, boolean head) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0) {
            throw new IllegalStateException("not an HTTP response: " + abbreviate(text, 200));
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    k -> new ArrayList<>()).add(lines[i].substring(colon + 1).strip());
        }
        byte[] body = head ? new byte[0] : java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
        if (encoding.stream().anyMatch(e -> e.equalsIgnoreCase("chunked"))) {
            body = unchunk(body);
        }
        return new Response(status, headers, body);
    }

    private static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, at);
            String size = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].strip();
            int length = Integer.parseInt(size, 16);
            if (length == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, length);
            at = lineEnd + 2 + length + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalStateException("truncated chunked body");
    }

    public static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...(" + text.length() + " chars)";
    }
}
