import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Starts a command and measures the time from process start to the first HTTP 200 on a path, for bench/startup.sh.
 * Run as a single source file: {@code java bench/StartupProbe.java <port> <path> <log> <command...>}.
 * <p>
 * Prints {@code <milliseconds> <pid>} and exits, leaving the started process running (its output goes to the log
 * file). Polls with plain HTTP/1.0 over a socket every millisecond: a curl per poll would cost more than the native
 * executable's whole startup and steal the CPU it starts on.
 */
public class StartupProbe {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String path = args[1];
        File log = new File(args[2]);
        List<String> command = Arrays.asList(args).subList(3, args.length);
        byte[] request = ("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log));
        probe(port, request); // warms this JVM's socket code before the clock starts

        long start = System.nanoTime();
        Process process = builder.start();
        long deadline = start + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                System.err.println("exited with " + process.exitValue() + " before it was ready; see " + log);
                System.exit(2);
            }
            if (probe(port, request) == 200) {
                System.out.printf("%.1f %d%n", (System.nanoTime() - start) / 1e6, process.pid());
                return;
            }
            Thread.sleep(1);
        }
        process.destroy();
        System.err.println("no 200 from " + path + " within 120 s; see " + log);
        System.exit(3);
    }

    /** The status code, or -1 when nothing answers yet. */
    private static int probe(int port, byte[] request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 100);
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12); // "HTTP/1.1 200"
            return head.length == 12 ? Integer.parseInt(new String(head, 9, 3, StandardCharsets.US_ASCII)) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
