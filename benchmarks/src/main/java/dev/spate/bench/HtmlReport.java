package dev.spate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes a {@link BenchReport} as one self-contained {@code report.html} (inline CSS and SVG, no
 * scripts, nothing fetched): machine facts, failures first, then per suite and scale factor a
 * table of median times per backend with speed-ups over the interpreted backend, a bar chart
 * comparing the backends per query, the suite's own metrics, and, when several scale factors
 * ran, how the total time scales with the scale factor.
 */
public final class HtmlReport {
  private static final String[] COLORS = {"#76b900", "#1f77b4", "#7f7f7f"};
  private static final int BAR_HEIGHT = 12;
  private static final int LABEL_WIDTH = 170;
  private static final int PLOT_WIDTH = 520;

  private HtmlReport() {}

  /** Writes {@code report} to {@code file}, replacing it. */
  public static void write(BenchReport report, Path file) throws IOException {
    Files.writeString(file, render(report), StandardCharsets.UTF_8);
  }

  /** The report as HTML text. */
  public static String render(BenchReport report) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Spate benchmark report</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}")
        .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;")
        .append("padding:3px 8px;text-align:right}th{background:#f3f3f3}td.l,th.l{text-align:left}")
        .append(".bad{background:#fdd}.na{color:#999}.fail{border:2px solid #c00;padding:1em;")
        .append("background:#fee}svg text{font-size:11px;font-family:system-ui,sans-serif}")
        .append("</style></head><body>\n<h1>Spate benchmark report</h1>\n");
    machine(html, report);
    failures(html, report);
    for (String suite : suites(report)) {
      List<Double> scaleFactors = scaleFactors(report, suite);
      for (double scaleFactor : scaleFactors) {
        List<QueryResult> results = select(report, suite, scaleFactor);
        html.append("<h2>").append(escape(suite)).append(" at scale factor ")
            .append(BenchRunner.format(scaleFactor)).append("</h2>\n");
        timeTable(html, report, results);
        barChart(html, report, results);
        metricTable(html, report, results);
      }
      if (scaleFactors.size() > 1) {
        scaling(html, report, suite, scaleFactors);
      }
    }
    html.append("</body></html>\n");
    return html.toString();
  }

  private static void machine(StringBuilder html, BenchReport report) {
    MachineFacts machine = report.machine();
    BenchSettings settings = report.settings();
    html.append("<table>");
    row(html, "started", report.startedAt().toString());
    row(html, "CPU", machine.cpuModel() + " (" + machine.cores() + " cores available)");
    row(html, "memory", String.format(Locale.ROOT, "%.1f GiB", machine.memoryBytes() / 1073741824.0));
    row(html, "OS", machine.operatingSystem() + " " + machine.architecture());
    row(html, "JDK", machine.javaVersion() + " (" + machine.javaVendor() + ", " + machine.javaVm() + ")");
    row(html, "GPU", machine.gpu());
    row(html, "runs", settings.warmupRuns() + " warm-up + " + settings.repetitions()
        + " timed per query and backend; median shown");
    report.backendNotes().forEach((backend, note) -> row(html, backend.label() + " backend", note));
    row(html, "total time", String.format(Locale.ROOT, "%.1f s", report.elapsedSeconds()));
    html.append("</table>\n");
  }

  private static void row(StringBuilder html, String name, String value) {
    html.append("<tr><th class=\"l\">").append(escape(name)).append("</th><td class=\"l\">")
        .append(escape(value)).append("</td></tr>");
  }

  private static void failures(StringBuilder html, BenchReport report) {
    List<QueryResult> failed = new ArrayList<>();
    for (QueryResult result : report.results()) {
      if (result.failed()) {
        failed.add(result);
      }
    }
    if (failed.isEmpty()) {
      html.append("<p>Every answer was checked against its reference and was right.</p>\n");
      return;
    }
    html.append("<div class=\"fail\"><strong>").append(failed.size())
        .append(" failed</strong> (a fast wrong answer is a failure):<ul>");
    for (QueryResult result : failed) {
      html.append("<li>").append(escape(result.suite() + " sf " + BenchRunner.format(result.scaleFactor())
          + " " + result.query() + " on " + result.backend().label() + ": " + result.status() + ": "
          + result.message())).append("</li>");
    }
    html.append("</ul></div>\n");
  }

  private static void timeTable(StringBuilder html, BenchReport report, List<QueryResult> results) {
    List<BenchBackend> backends = report.settings().backends();
    html.append("<table><tr><th class=\"l\">query</th>");
    for (BenchBackend backend : backends) {
      html.append("<th>").append(backend.label()).append(" median ms (min–max)</th><th>")
          .append(backend.label()).append(" rows/s</th>");
    }
    boolean speedups = backends.contains(BenchBackend.INTERPRETED) && backends.size() > 1;
    if (speedups) {
      for (BenchBackend backend : backends) {
        if (backend != BenchBackend.INTERPRETED) {
          html.append("<th>").append(backend.label()).append(" speed-up</th>");
        }
      }
    }
    html.append("</tr>\n");
    for (Map.Entry<String, Map<BenchBackend, QueryResult>> entry : byQuery(results).entrySet()) {
      html.append("<tr><td class=\"l\">").append(escape(entry.getKey())).append("</td>");
      Map<BenchBackend, QueryResult> byBackend = entry.getValue();
      for (BenchBackend backend : backends) {
        QueryResult result = byBackend.get(backend);
        if (result == null || result.runMillis().isEmpty()) {
          String status = result == null ? "not run" : result.status().name().toLowerCase(Locale.ROOT);
          String css = result != null && result.failed() ? "bad" : "na";
          html.append("<td class=\"").append(css).append("\" colspan=\"2\" title=\"")
              .append(escape(result == null ? "" : result.message())).append("\">")
              .append(status).append("</td>");
        } else {
          html.append(String.format(Locale.ROOT, "<td>%.1f (%.1f–%.1f)</td><td>%s</td>",
              result.medianMillis(), result.minMillis(), result.maxMillis(),
              rate(result.rowsPerSecond())));
        }
      }
      if (speedups) {
        QueryResult baseline = byBackend.get(BenchBackend.INTERPRETED);
        for (BenchBackend backend : backends) {
          if (backend != BenchBackend.INTERPRETED) {
            QueryResult result = byBackend.get(backend);
            boolean both = baseline != null && result != null && !baseline.runMillis().isEmpty()
                && !result.runMillis().isEmpty();
            html.append(both ? String.format(Locale.ROOT, "<td>%.2fx</td>",
                baseline.medianMillis() / result.medianMillis()) : "<td class=\"na\">–</td>");
          }
        }
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n");
  }

  /** Horizontal bars: per query one bar per backend, length proportional to the median time. */
  private static void barChart(StringBuilder html, BenchReport report, List<QueryResult> results) {
    List<BenchBackend> backends = report.settings().backends();
    Map<String, Map<BenchBackend, QueryResult>> queries = byQuery(results);
    double max = 0;
    for (QueryResult result : results) {
      if (!result.runMillis().isEmpty()) {
        max = Math.max(max, result.medianMillis());
      }
    }
    if (max <= 0) {
      return;
    }
    int groupHeight = BAR_HEIGHT * backends.size() + 8;
    int height = groupHeight * queries.size() + 30;
    html.append(String.format(Locale.ROOT,
        "<svg width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"median time per query and backend\">",
        LABEL_WIDTH + PLOT_WIDTH + 90, height));
    int y = 0;
    for (Map.Entry<String, Map<BenchBackend, QueryResult>> entry : queries.entrySet()) {
      html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
          LABEL_WIDTH - 6, y + groupHeight / 2 + 3, escape(entry.getKey())));
      for (int index = 0; index < backends.size(); index++) {
        QueryResult result = entry.getValue().get(backends.get(index));
        int barY = y + index * BAR_HEIGHT;
        if (result == null || result.runMillis().isEmpty()) {
          continue;
        }
        double width = Math.max(1, result.medianMillis() / max * PLOT_WIDTH);
        html.append(String.format(Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s %s: %.2f ms</title></rect>"
                + "<text x=\"%.1f\" y=\"%d\">%.1f ms</text>",
            LABEL_WIDTH, barY, width, BAR_HEIGHT - 2, color(backends.get(index)),
            escape(entry.getKey()), backends.get(index).label(), result.medianMillis(),
            LABEL_WIDTH + width + 4, barY + BAR_HEIGHT - 3, result.medianMillis()));
      }
      y += groupHeight;
    }
    legend(html, backends, y + 14);
    html.append("</svg>\n");
  }

  private static void legend(StringBuilder html, List<BenchBackend> backends, int y) {
    int x = LABEL_WIDTH;
    for (BenchBackend backend : backends) {
      html.append(String.format(Locale.ROOT,
          "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>",
          x, y - 9, color(backend), x + 14, y, backend.label()));
      x += 110;
    }
  }

  private static void metricTable(StringBuilder html, BenchReport report, List<QueryResult> results) {
    Set<String> names = new LinkedHashSet<>();
    for (QueryResult result : results) {
      names.addAll(result.metricMedians().keySet());
    }
    if (names.isEmpty()) {
      return;
    }
    html.append("<table><tr><th class=\"l\">query</th><th class=\"l\">backend</th>");
    for (String name : names) {
      html.append("<th>").append(escape(name)).append("</th>");
    }
    html.append("</tr>\n");
    for (QueryResult result : results) {
      if (result.metricMedians().isEmpty()) {
        continue;
      }
      html.append("<tr><td class=\"l\">").append(escape(result.query())).append("</td><td class=\"l\">")
          .append(result.backend().label()).append("</td>");
      for (String name : names) {
        Double value = result.metricMedians().get(name);
        html.append(value == null ? "<td class=\"na\">–</td>"
            : String.format(Locale.ROOT, "<td>%.2f</td>", value));
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n");
  }

  /**
   * Total median time over the queries that ran at every scale factor, per backend, against the
   * scale factor on log-log axes: a slope of one is linear scaling.
   */
  private static void scaling(StringBuilder html, BenchReport report, String suite,
      List<Double> scaleFactors) {
    List<BenchBackend> backends = report.settings().backends();
    Map<BenchBackend, double[]> totals = new LinkedHashMap<>();
    for (BenchBackend backend : backends) {
      double[] perScale = new double[scaleFactors.size()];
      for (int index = 0; index < scaleFactors.size(); index++) {
        for (QueryResult result : select(report, suite, scaleFactors.get(index))) {
          if (result.backend() == backend && !result.runMillis().isEmpty()) {
            perScale[index] += result.medianMillis();
          }
        }
      }
      totals.put(backend, perScale);
    }
    html.append("<h2>").append(escape(suite)).append(": scaling with the scale factor</h2>\n");
    html.append("<table><tr><th class=\"l\">backend</th>");
    for (double scaleFactor : scaleFactors) {
      html.append("<th>sf ").append(BenchRunner.format(scaleFactor)).append(" total ms</th>");
    }
    html.append("</tr>");
    totals.forEach((backend, perScale) -> {
      html.append("<tr><td class=\"l\">").append(backend.label()).append("</td>");
      for (double total : perScale) {
        html.append(String.format(Locale.ROOT, "<td>%.1f</td>", total));
      }
      html.append("</tr>");
    });
    html.append("</table>\n");
    double minX = Math.log10(scaleFactors.stream().mapToDouble(Double::doubleValue).min().orElse(1));
    double maxX = Math.log10(scaleFactors.stream().mapToDouble(Double::doubleValue).max().orElse(1));
    double minY = Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (double[] perScale : totals.values()) {
      for (double total : perScale) {
        if (total > 0) {
          minY = Math.min(minY, Math.log10(total));
          maxY = Math.max(maxY, Math.log10(total));
        }
      }
    }
    if (maxX <= minX || minY > maxY) {
      return;
    }
    double spanY = Math.max(maxY - minY, 0.1);
    int width = 480;
    int height = 240;
    html.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" role=\"img\" "
        + "aria-label=\"total time against scale factor, log-log\">", width + 80, height + 50));
    html.append(String.format(Locale.ROOT, "<line x1=\"60\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>"
        + "<line x1=\"60\" y1=\"10\" x2=\"60\" y2=\"%d\" stroke=\"#888\"/>", height + 10, width + 60,
        height + 10, height + 10));
    for (double scaleFactor : scaleFactors) {
      double x = 60 + (Math.log10(scaleFactor) - minX) / (maxX - minX) * width;
      html.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">sf %s</text>",
          x, height + 26, BenchRunner.format(scaleFactor)));
    }
    html.append(String.format(Locale.ROOT, "<text x=\"56\" y=\"14\" text-anchor=\"end\">%.0f ms</text>"
        + "<text x=\"56\" y=\"%d\" text-anchor=\"end\">%.0f ms</text>", Math.pow(10, minY + spanY),
        height + 10, Math.pow(10, minY)));
    for (Map.Entry<BenchBackend, double[]> entry : totals.entrySet()) {
      StringBuilder points = new StringBuilder();
      double[] perScale = entry.getValue();
      for (int index = 0; index < perScale.length; index++) {
        if (perScale[index] > 0) {
          double x = 60 + (Math.log10(scaleFactors.get(index)) - minX) / (maxX - minX) * width;
          double y = 10 + height - (Math.log10(perScale[index]) - minY) / spanY * height;
          points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
      }
      html.append(String.format(Locale.ROOT,
          "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>", points,
          color(entry.getKey())));
    }
    legend(html, backends, height + 46);
    html.append("</svg>\n");
  }

  private static Map<String, Map<BenchBackend, QueryResult>> byQuery(List<QueryResult> results) {
    Map<String, Map<BenchBackend, QueryResult>> queries = new LinkedHashMap<>();
    for (QueryResult result : results) {
      queries.computeIfAbsent(result.query(), name -> new LinkedHashMap<>())
          .put(result.backend(), result);
    }
    return queries;
  }

  private static List<String> suites(BenchReport report) {
    Set<String> suites = new LinkedHashSet<>();
    report.results().forEach(result -> suites.add(result.suite()));
    return new ArrayList<>(suites);
  }

  private static List<Double> scaleFactors(BenchReport report, String suite) {
    Set<Double> scaleFactors = new LinkedHashSet<>();
    report.results().stream().filter(result -> result.suite().equals(suite))
        .forEach(result -> scaleFactors.add(result.scaleFactor()));
    return new ArrayList<>(scaleFactors);
  }

  private static List<QueryResult> select(BenchReport report, String suite, double scaleFactor) {
    List<QueryResult> selected = new ArrayList<>();
    for (QueryResult result : report.results()) {
      if (result.suite().equals(suite) && result.scaleFactor() == scaleFactor) {
        selected.add(result);
      }
    }
    return selected;
  }

  private static String color(BenchBackend backend) {
    return COLORS[backend.ordinal() % COLORS.length];
  }

  private static String rate(double perSecond) {
    if (!Double.isFinite(perSecond)) {
      return "–";
    }
    if (perSecond >= 1e9) {
      return String.format(Locale.ROOT, "%.2f G", perSecond / 1e9);
    }
    if (perSecond >= 1e6) {
      return String.format(Locale.ROOT, "%.1f M", perSecond / 1e6);
    }
    return String.format(Locale.ROOT, "%.0f k", perSecond / 1e3);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
