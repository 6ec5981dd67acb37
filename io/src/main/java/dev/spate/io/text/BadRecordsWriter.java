package dev.spate.io.text;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spate.SpateException;
import dev.spate.io.fs.HadoopFiles;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes malformed records under {@code badRecordsPath} as JSON lines {@code {"path": source file,
 * "record": raw text, "reason": why}}, in {@code <badRecordsPath>/<scanId>/bad_records/part-00000.json}.
 * The file is created on the first bad record; one writer per scan, closed by the scan.
 */
public final class BadRecordsWriter implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String badRecordsPath;
  private Writer writer;

  public BadRecordsWriter(String badRecordsPath) {
    this.badRecordsPath = requireNonNull(badRecordsPath, "badRecordsPath is null");
  }

  public void write(String sourceFile, String record, String reason) {
    Map<String, String> line = new LinkedHashMap<>();
    line.put("path", sourceFile);
    line.put("record", record);
    line.put("reason", reason);
    try {
      if (writer == null) {
        Path directory = new Path(new Path(HadoopFiles.qualify(badRecordsPath),
            UUID.randomUUID().toString()), "bad_records");
        FileSystem fileSystem = HadoopFiles.fileSystem(directory);
        fileSystem.mkdirs(directory);
        writer = new OutputStreamWriter(
            fileSystem.create(new Path(directory, "part-00000.json"), false), StandardCharsets.UTF_8);
      }
      writer.write(MAPPER.writeValueAsString(line));
      writer.write('\n');
    } catch (IOException e) {
      throw SpateException.io("cannot write bad records under " + badRecordsPath + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (writer == null) {
      return;
    }
    try {
      writer.close();
    } catch (IOException e) {
      throw SpateException.io("cannot close bad records under " + badRecordsPath + ": "
          + e.getMessage(), e);
    } finally {
      writer = null;
    }
  }
}
