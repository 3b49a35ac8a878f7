import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The floor under PoolGuard's pooled run: the same operation (prepare SELECT 1, execute, read the row, close) with
 * the same driver and driver properties, on one open connection per thread, and nothing else: no pool, no
 * bookkeeping, no HTTP. What this costs per operation any blocking JDBC client pays; the difference to PoolGuard's
 * figure is what the pool and the run's measurements add.
 * <p>
 * Usage (bench/stability-vs-pgbench.sh runs it): {@code java -cp <pgjdbc jar> bench/JdbcFloor.java URL USER PASSWORD
 * THREADS WARMUP_SECONDS SECONDS SOCKET_TIMEOUT_SECONDS}; prints {@code <ops/s> <CPU microseconds per operation>
 * <system time's share of that CPU, %>}, all taken over the measured seconds only (after the warm-up, in the same
 * JVM).
 */
public class JdbcFloor {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Properties properties = new Properties();
        properties.setProperty("user", args[1]);
        properties.setProperty("password", args[2]);
        properties.setProperty("socketTimeout", args[6]); // PoolGuard's stall guard; 0 shows what it costs
        int threads = Integer.parseInt(args[3]);
        long warmupNanos = Long.parseLong(args[4]) * 1_000_000_000L;
        long measureNanos = Long.parseLong(args[5]) * 1_000_000_000L;

        LongAdder ops = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch connected = new CountDownLatch(threads);
        List<Thread> lanes = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread lane = new Thread(() -> {
                try (Connection connection = DriverManager.getConnection(url, properties)) {
                    connected.countDown();
                    while (!stop.get()) {
                        try (PreparedStatement statement = connection.prepareStatement("SELECT 1");
                                ResultSet result = statement.executeQuery()) {
                            result.next();
                        }
                        ops.increment();
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                    System.exit(1);
                }
            });
            lane.start();
            lanes.add(lane);
        }
        connected.await();
        Thread.sleep(warmupNanos / 1_000_000);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long[] ticksBefore = userAndSystemTicks();
        long opsBefore = ops.sum();
        long start = System.nanoTime();
        Thread.sleep(measureNanos / 1_000_000);
        long done = ops.sum() - opsBefore;
        long elapsed = System.nanoTime() - start;
        long cpu = os.getProcessCpuTime() - cpuBefore;
        long[] ticksAfter = userAndSystemTicks();
        long user = ticksAfter[0] - ticksBefore[0];
        long system = ticksAfter[1] - ticksBefore[1];
        stop.set(true);
        for (Thread lane : lanes) {
            lane.join();
        }
        System.out.printf("%.1f %.1f %.0f%n", done * 1e9 / elapsed, cpu / 1e3 / Math.max(1, done),
                system * 100.0 / Math.max(1, user + system));
    }

    /** This process's user and system time so far, in clock ticks (fields 14 and 15 of /proc/self/stat). */
    private static long[] userAndSystemTicks() throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        // the command name (field 2) may hold spaces: count the fields after its closing parenthesis (field 3 on)
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
    }
}
