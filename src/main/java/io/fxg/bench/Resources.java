package io.fxg.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.GarbageCollectionNotificationInfo;
import io.fxg.serialization.Json;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * CPU and heap of this JVM, which runs the node, the target, the ungoverned proxy and the load
 * generator. CPU is split by thread name into groups ({@code node} includes Pekko, Slick/Hikari and
 * H2 threads; {@code gc_jit_other} is process CPU not seen in any Java thread). Heap: the heap in use
 * after each garbage collection, kept as samples for the flatness figure.
 */
final class Resources {
  static final List<String> GROUPS = List.of("node", "target", "proxy", "client");

  /** CPU times (ns) by group, process CPU (ns) and wall clock (ns) at one instant. */
  record Snapshot(long wallNanos, long processCpuNanos, Map<String, Long> groupCpuNanos, double loadAverage) {}

  /** Heap in use right after a collection, at a time since the monitor started. */
  record HeapSample(long atMillis, long usedBytes) {}

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final long startMillis = System.currentTimeMillis();
  private final List<HeapSample> afterGc = new ArrayList<>();

  Resources() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener((n, h) -> {
          if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                .mapToLong(u -> u.getUsed()).sum();
            synchronized (afterGc) {
              afterGc.add(new HeapSample(System.currentTimeMillis() - startMillis, used));
            }
          }
        }, null, null);
      }
    }
  }

  static String groupOf(String threadName) {
    if (threadName.startsWith("fxg-target-")) {
      return "target";
    }
    if (threadName.startsWith("bench-proxy")) {
      return "proxy";
    }
    if (threadName.startsWith("bench-client") || threadName.startsWith("HttpClient")) {
      return "client";
    }
    return "node";
  }

  Snapshot snapshot() {
    Map<String, Long> byGroup = new HashMap<>();
    GROUPS.forEach(g -> byGroup.put(g, 0L));
    long[] ids = threads.getAllThreadIds();
    ThreadInfo[] infos = threads.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      long cpu = threads.getThreadCpuTime(ids[i]);
      if (infos[i] != null && cpu > 0) {
        byGroup.merge(groupOf(infos[i].getThreadName()), cpu, Long::sum);
      }
    }
    return new Snapshot(System.nanoTime(), os.getProcessCpuTime(), byGroup, os.getSystemLoadAverage());
  }

  /**
   * CPU used between two snapshots, in cores (1.0 = one core busy); thread groups count only threads
   * alive at both instants, so short-lived threads land in {@code gc_jit_other}. With {@code
   * operations} (requests answered in the window) also the CPU microseconds per operation.
   */
  static ObjectNode cpu(Snapshot from, Snapshot to, long operations) {
    double wall = Math.max(1, to.wallNanos() - from.wallNanos());
    ObjectNode cpu = Json.object();
    long processNanos = to.processCpuNanos() - from.processCpuNanos();
    double process = processNanos / wall;
    cpu.put("process_cores", round(process));
    if (operations > 0) {
      // Whole-process CPU (node, target, proxy, client, GC, JIT) per answered request: the cost
      // that decides how many fit in the machine's cores.
      cpu.put("process_us_per_op", round(processNanos / 1000.0 / operations));
      long nodeNanos = Math.max(0, to.groupCpuNanos().get("node") - from.groupCpuNanos().get("node"));
      cpu.put("node_us_per_op", round(nodeNanos / 1000.0 / operations));
    }
    double seen = 0;
    for (String group : GROUPS) {
      double cores = Math.max(0, to.groupCpuNanos().get(group) - from.groupCpuNanos().get(group)) / wall;
      seen += cores;
      cpu.put(group + "_cores", round(cores));
    }
    cpu.put("gc_jit_other_cores", round(Math.max(0, process - seen)));
    cpu.put("machine_cores", Runtime.getRuntime().availableProcessors());
    cpu.put("load_average_start", round(from.loadAverage()));
    cpu.put("load_average_end", round(to.loadAverage()));
    return cpu;
  }

  /** Heap figures: now, and after-GC samples between {@code fromMillis} and {@code toMillis}. */
  ObjectNode heap(long fromMillis, long toMillis) {
    List<HeapSample> window = heapSamples(fromMillis, toMillis);
    ObjectNode heap = Json.object();
    Runtime rt = Runtime.getRuntime();
    heap.put("max_mb", rt.maxMemory() >> 20);
    heap.put("used_now_mb", (rt.totalMemory() - rt.freeMemory()) >> 20);
    heap.put("gc_count", window.size());
    if (!window.isEmpty()) {
      heap.put("after_gc_first_mb", window.get(0).usedBytes() >> 20);
      heap.put("after_gc_last_mb", window.get(window.size() - 1).usedBytes() >> 20);
      heap.put("after_gc_max_mb", window.stream().mapToLong(HeapSample::usedBytes).max().orElse(0) >> 20);
      heap.put("after_gc_slope_mb_per_min", round(slopeMbPerMinute(window)));
      var minima = heap.putArray("after_gc_min_per_minute_mb");
      long bucketStart = window.get(0).atMillis();
      long min = Long.MAX_VALUE;
      for (HeapSample s : window) {
        if (s.atMillis() - bucketStart >= 60_000) {
          minima.add(min >> 20);
          bucketStart = s.atMillis();
          min = Long.MAX_VALUE;
        }
        min = Math.min(min, s.usedBytes());
      }
      minima.add(min >> 20);
    }
    return heap;
  }

  /** Heap in use after a full collection: the live set (plus what G1 keeps), in MB. */
  static long liveHeapMb() {
    System.gc();
    Runtime rt = Runtime.getRuntime();
    return (rt.totalMemory() - rt.freeMemory()) >> 20;
  }

  /**
   * The live heap's largest classes (a full GC first), as {@code jcmd GC.class_histogram} prints
   * them: where retained memory sits at the start and the end of a soak.
   */
  static java.util.List<String> liveHistogram(int top) {
    try {
      javax.management.ObjectName name = new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand");
      String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(name, "gcClassHistogram",
          new Object[] {new String[0]}, new String[] {String[].class.getName()});
      return text.lines().skip(2).limit(top).map(String::strip).toList();
    } catch (Exception e) {
      return java.util.List.of("histogram unavailable: " + e.getMessage());
    }
  }

  long sinceStartMillis() {
    return System.currentTimeMillis() - startMillis;
  }

  List<HeapSample> heapSamples(long fromMillis, long toMillis) {
    synchronized (afterGc) {
      return afterGc.stream().filter(s -> s.atMillis() >= fromMillis && s.atMillis() <= toMillis).toList();
    }
  }

  /** Least-squares slope of after-GC heap over time, MB per minute. */
  static double slopeMbPerMinute(List<HeapSample> samples) {
    int n = samples.size();
    if (n < 2) {
      return 0;
    }
    double mx = 0;
    double my = 0;
    for (HeapSample s : samples) {
      mx += s.atMillis() / 60_000.0;
      my += s.usedBytes() / 1048576.0;
    }
    mx /= n;
    my /= n;
    double num = 0;
    double den = 0;
    for (HeapSample s : samples) {
      double dx = s.atMillis() / 60_000.0 - mx;
      num += dx * (s.usedBytes() / 1048576.0 - my);
      den += dx * dx;
    }
    return den == 0 ? 0 : num / den;
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
