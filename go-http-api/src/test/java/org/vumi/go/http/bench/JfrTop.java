package org.vumi.go.http.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Sums up the {@code jdk.ExecutionSample} events of a JFR recording (what
 * {@code jfr print --events jdk.ExecutionSample --stack-depth 40} lists one by one): where the
 * samples' top frames are, by layer and by method, and which of the library's methods are on the
 * stack of how many samples. Run on its own with {@code java -cp ... JfrTop file.jfr}.
 */
final class JfrTop {
  private static final String LIBRARY = "org.vumi.go.http.";
  private static final String BENCH = "org.vumi.go.http.bench.";

  private JfrTop() {}

  public static void main(String[] args) throws IOException {
    for (String file : args) {
      print(Path.of(file), System.out, 20);
    }
  }

  static void print(Path file, PrintStream out, int rows) throws IOException {
    int samples = 0;
    Map<String, Integer> layers = new HashMap<>();
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> nearestLibrary = new HashMap<>();
    Map<String, Integer> libraryOnStack = new HashMap<>();
    Map<String, Integer> owners = new HashMap<>();
    Map<String, Integer> own = new HashMap<>();
    int underLibrary = 0;
    long allocatedTotal = 0;
    Map<String, Long> allocatedByClass = new HashMap<>();
    Map<String, Long> allocatedByFrame = new HashMap<>();
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        if (event.getEventType().getName().equals("jdk.ObjectAllocationSample")) {
          long weight = event.getLong("weight");
          allocatedTotal += weight;
          allocatedByClass.merge(event.getClass("objectClass").getName(), weight, Long::sum);
          RecordedStackTrace stack = event.getStackTrace();
          String where = stack == null ? "?" : nearestLibraryOrTop(stack.getFrames());
          allocatedByFrame.merge(where, weight, Long::sum);
          continue;
        }
        if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
          continue;
        }
        RecordedStackTrace stack = event.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
          continue;
        }
        samples++;
        List<RecordedFrame> frames = stack.getFrames();
        String top = name(frames.get(0));
        self.merge(top, 1, Integer::sum);
        layers.merge(layer(frames.get(0)), 1, Integer::sum);
        String owner = owner(frames);
        owners.merge(owner, 1, Integer::sum);
        if (owner.equals(OWN)) {
          own.merge(nearestOwnFrame(frames), 1, Integer::sum);
        }
        Set<String> seen = new HashSet<>();
        String nearest = null;
        for (RecordedFrame frame : frames) {
          if (isLibrary(frame)) {
            String name = name(frame);
            if (nearest == null) {
              nearest = name;
            }
            if (seen.add(name)) {
              libraryOnStack.merge(name, 1, Integer::sum);
            }
          }
        }
        if (nearest != null) {
          underLibrary++;
          nearestLibrary.merge(nearest, 1, Integer::sum);
        }
      }
    }
    out.printf("%s: %d execution samples; %.1f%% with a library frame on the stack%n", file.getFileName(), samples,
        percent(underLibrary, samples));
    table(out, "where the samples are (the top frame's layer)", layers, samples, rows);
    table(out, "whose work (JDK and Kotlin frames counted to the code that called them)", owners, samples, rows);
    table(out, "top frames (self)", self, samples, rows);
    table(out, "the library's own work, by the library method nearest the top", own, samples, rows);
    table(out, "library methods on the stack (inclusive)", libraryOnStack, samples, rows);
    table(out, "the library frame nearest the top (its work and whatever it called)", nearestLibrary, samples, rows);
    if (allocatedTotal > 0) {
      out.printf("  allocation samples (jdk.ObjectAllocationSample, weighted by bytes): %.1f MB in all%n",
          allocatedTotal / 1e6);
      bytes(out, "by class", allocatedByClass, allocatedTotal, rows);
      bytes(out, "by the library frame nearest the top (else the top frame)", allocatedByFrame, allocatedTotal, rows);
    }
  }

  private static void bytes(PrintStream out, String title, Map<String, Long> weights, long total, int rows) {
    out.println("    " + title + ":");
    weights.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .limit(rows)
        .forEach(entry -> out.printf("    %5.1f%%  %s%n", 100.0 * entry.getValue() / total, entry.getKey()));
  }

  private static String nearestLibraryOrTop(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      if (isLibrary(frame)) {
        return name(frame);
      }
    }
    return frames.isEmpty() ? "?" : name(frames.get(0));
  }

  private static void table(PrintStream out, String title, Map<String, Integer> counts, int samples, int rows) {
    out.println("  " + title + ":");
    counts.entrySet().stream()
        .sorted((a, b) -> b.getValue() - a.getValue())
        .limit(rows)
        .forEach(entry -> out.printf("    %5.1f%%  %6d  %s%n", percent(entry.getValue(), samples), entry.getValue(),
            entry.getKey()));
  }

  private static double percent(int part, int whole) {
    return whole == 0 ? 0 : 100.0 * part / whole;
  }

  private static boolean isLibrary(RecordedFrame frame) {
    String type = type(frame);
    return type.startsWith(LIBRARY) && !type.startsWith(BENCH);
  }

  private static String type(RecordedFrame frame) {
    return frame.getMethod() == null ? "?" : frame.getMethod().getType().getName();
  }

  private static String name(RecordedFrame frame) {
    if (frame.getMethod() == null) {
      return "?";
    }
    String type = type(frame);
    return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName() + " (" + packageOf(type) + ")";
  }

  private static String packageOf(String type) {
    int dot = type.lastIndexOf('.');
    return dot < 0 ? "" : type.substring(0, dot);
  }

  private static final String OWN = "go-http-api (the library)";

  /** The layer of the first frame from the top that is not the JDK's or Kotlin's. */
  private static String owner(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String layer = layer(frame);
      if (!layer.equals("JDK") && !layer.equals("Kotlin stdlib")) {
        return layer;
      }
    }
    return "JDK";
  }

  private static String nearestOwnFrame(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      if (isLibrary(frame)) {
        return name(frame);
      }
    }
    return "?";
  }

  private static String layer(RecordedFrame frame) {
    String type = type(frame);
    if (type.startsWith(BENCH)) {
      return "benchmark harness and floors";
    } else if (type.startsWith(LIBRARY)) {
      return OWN;
    } else if (type.startsWith("okhttp3.")) {
      return "OkHttp";
    } else if (type.startsWith("okio.")) {
      return "Okio";
    } else if (type.startsWith("com.fasterxml.jackson.")) {
      return "Jackson";
    } else if (type.startsWith("kotlin.")) {
      return "Kotlin stdlib";
    } else if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")) {
      return "JDK";
    }
    return "other";
  }
}
