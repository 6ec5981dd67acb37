package dev.spate.io.text;

import dev.spate.io.fs.HadoopFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/** Opening text files for reading: UTF-8, decompressed by file extension ({@code .gz}, {@code .bz2}). */
public final class TextFiles {
  private TextFiles() {}

  public static BufferedReader openReader(Path path) throws IOException {
    InputStream input = HadoopFiles.fileSystem(path).open(path);
    CompressionCodec codec =
        new CompressionCodecFactory(HadoopFiles.configuration()).getCodec(path);
    if (codec != null) {
      input = codec.createInputStream(input);
    }
    return new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8), 1 << 16);
  }
}
