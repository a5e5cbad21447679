package dev.candidaterouter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's CPU time from {@code /proc/stat}: what the app, a database server on the same machine, the
 * kernel and this benchmark used together, and what stayed idle. Says whether the cores were full, and what the
 * app's own CPU leaves out (PostgreSQL's server processes on the same two cores). Null where there is no
 * {@code /proc/stat}.
 *
 * @param busyTicks user, nice, system, irq and softirq time, in clock ticks (steal, the hypervisor running others, is
 *     neither this machine's work nor idle: left out of both)
 * @param idleTicks idle and iowait time, in clock ticks
 */
record MachineCpu(long busyTicks, long idleTicks) {
    /** Linux's USER_HZ: the unit of /proc/stat on every architecture the JDK runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    static MachineCpu read() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]);
            return new MachineCpu(busy, Long.parseLong(f[4]) + Long.parseLong(f[5]));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    MachineCpu since(MachineCpu earlier) {
        return new MachineCpu(busyTicks - earlier.busyTicks, idleTicks - earlier.idleTicks);
    }

    double busySeconds() {
        return busyTicks / TICKS_PER_SECOND;
    }

    /** The busy share of all the cores' time. */
    double busyShare() {
        return busyTicks / (double) Math.max(1, busyTicks + idleTicks);
    }
}
