package dev.spate.streaming;

import static dev.spate.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.DataFrame;
import dev.spate.SpateSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The codegen figures of streaming progress: the first trigger reports the compile of the query's
 * pipeline (planned before it), later triggers find it compiled and compile nothing.
 */
class StreamingCodegenProgressTest {
  @TempDir Path dir;
  private SpateSession spate;

  @BeforeEach
  void setUp() {
    spate = SpateSession.builder().appName("codegen-progress-test")
        .config("spate.codegen.enabled", "true").getOrCreate();
  }

  @AfterEach
  void tearDown() {
    spate.close();
  }

  @Test
  void firstProgressShowsTheCompileAndLaterOnesOnlyCacheHits() throws IOException {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    for (int file = 0; file < 3; file++) {
      Path path = Files.writeString(in.resolve("f" + file + ".json"),
          "{\"id\":" + file + ",\"value\":1.5}\n{\"id\":" + (file + 10) + ",\"value\":-2.5}\n");
      Files.setLastModifiedTime(path, FileTime.fromMillis(1_000_000L * (file + 1)));
    }
    // a shape no other test compiles: (id * 13 - 4) % 6 with a filter on value + id / 3.0
    DataFrame stream = spate.readStream().schema("id BIGINT, value DOUBLE")
        .option("maxFilesPerTrigger", 1).json(in.toString())
        .where(col("value").plus(col("id").divide(3.0)).gt(-100.25))
        .select(col("id").multiply(13).minus(4).mod(6).as("r"), col("value"));
    StreamingQuery query = stream.writeStream().format("memory").queryName("codegenProgress")
        .trigger(Trigger.AvailableNow()).start();
    query.awaitTermination();
    List<StreamingQueryProgress> progress = query.recentProgress();
    assertThat(progress).hasSize(3);
    assertThat(progress.get(0).backend()).containsValue("CODEGEN");
    Map<String, Long> first = progress.get(0).codegen();
    assertThat(first.get("numSourcesGenerated")).isPositive();
    assertThat(first.get("numClassesCompiled")).isPositive();
    assertThat(first.get("compileTimeMs")).isNotNegative();
    for (StreamingQueryProgress later : progress.subList(1, 3)) {
      assertThat(later.codegen()).containsEntry("numSourcesGenerated", 0L)
          .containsEntry("numClassesCompiled", 0L).containsEntry("compileTimeMs", 0L);
      assertThat(later.codegen().get("numCacheHits")).isPositive();
    }
    assertThat(progress.get(1).json()).contains("\"codegen\":{\"numSourcesGenerated\":0,"
        + "\"numClassesCompiled\":0,\"compileTimeMs\":0,\"numCacheHits\":");
  }
}
