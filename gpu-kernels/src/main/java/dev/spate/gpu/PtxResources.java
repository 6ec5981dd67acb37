package dev.spate.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PTX text the build packages under {@code dev/spate/gpu/ptx/<file>.<arch>.ptx} (copied from
 * {@code native/build/ptx} by the module's build when {@code bash native/build.sh} ran with nvcc).
 */
final class PtxResources {
  /** The kernel files, as {@code gpu-kernels/src/main/cuda/<name>.cu}. */
  static final List<String> FILES = List.of("spate_filter", "spate_project", "spate_hashagg",
      "spate_fused", "spate_window");
  private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+(\\w+)");

  private PtxResources() {}

  /** One PTX file: its text and the names of its entry points. */
  record Ptx(String file, String text, List<String> entries) {}

  /** The PTX architecture to load for a device of compute capability {@code major}. */
  static String archFor(int major) {
    return major >= 9 ? "sm_90" : "compute_75";
  }

  /** Why the kernels cannot be loaded for {@code arch}, or empty when every file is packaged. */
  static Optional<String> missingReason(String arch) {
    for (String file : FILES) {
      if (PtxResources.class.getResource(resource(file, arch)) == null) {
        return Optional.of("the GPU kernels were not built: the PTX resource " + resource(file, arch)
            + " is not on the class path (run bash native/build.sh on a machine with nvcc, then"
            + " rebuild spate-gpu-kernels)");
      }
    }
    return Optional.empty();
  }

  static List<Ptx> load(String arch) throws IOException {
    List<Ptx> files = new ArrayList<>();
    for (String file : FILES) {
      try (InputStream in = PtxResources.class.getResourceAsStream(resource(file, arch))) {
        if (in == null) {
          throw new IOException("missing PTX resource " + resource(file, arch));
        }
        String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        List<String> entries = new ArrayList<>();
        Matcher matcher = ENTRY.matcher(text);
        while (matcher.find()) {
          entries.add(matcher.group(1));
        }
        files.add(new Ptx(file, text, List.copyOf(entries)));
      }
    }
    return files;
  }

  private static String resource(String file, String arch) {
    return "ptx/" + file + "." + arch + ".ptx";
  }
}
