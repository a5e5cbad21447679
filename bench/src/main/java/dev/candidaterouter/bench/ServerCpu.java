package dev.candidaterouter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time of the PostgreSQL server's processes on this machine (every process named {@code postgres}: the
 * postmaster, its background workers and one backend per connection), from {@code /proc/<pid>/stat}. Says how much of
 * what the machine spent besides the app was the database server's. A process that ends between two readings
 * takes its time with it (a backend the pool closed mid-run); one that starts between them counts from zero. Empty
 * where there is no {@code /proc} or the server runs elsewhere.
 *
 * @param ticksByPid user and system time of each server process, in clock ticks
 */
record ServerCpu(Map<Long, Long> ticksByPid) {
    /** Linux's USER_HZ, as in {@link MachineCpu}. */
    private static final double TICKS_PER_SECOND = 100.0;

    static ServerCpu read() {
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    if (open < 0 || close < open || !"postgres".equals(stat.substring(open + 1, close))) {
                        return;
                    }
                    // After "pid (comm) ": state is field 3; utime and stime are fields 14 and 15 (proc(5)).
                    String[] f = stat.substring(close + 2).trim().split("\\s+");
                    ticks.put(Long.parseLong(p.getFileName().toString()), Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked: its time is not ours to count
                }
            });
        } catch (IOException e) {
            return new ServerCpu(Map.of());
        }
        return new ServerCpu(ticks);
    }

    boolean isEmpty() {
        return ticksByPid.isEmpty();
    }

    /** Seconds the server's processes alive now used since {@code earlier}. */
    double secondsSince(ServerCpu earlier) {
        long ticks = 0;
        for (Map.Entry<Long, Long> process : ticksByPid.entrySet()) {
            ticks += process.getValue() - earlier.ticksByPid.getOrDefault(process.getKey(), 0L);
        }
        return ticks / TICKS_PER_SECOND;
    }
}
