package dev.spate.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.Row;
import dev.spate.RowFactory;
import dev.spate.SpateException;
import dev.spate.SpateSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows and models the notebook-2 pipeline refuses, with Spark's messages. */
class PipelineModelErrorsTest {
  private static SpateSession spate;
  private static PipelineModel model;

  @TempDir
  Path temp;

  @BeforeAll
  static void load() {
    spate = SpateSession.builder().appName("ml-errors").getOrCreate();
    model = PipelineModel.load(spate, FraudFixture.model());
  }

  @AfterAll
  static void close() {
    spate.close();
  }

  @Test
  void unseenCategoryFails() {
    assertThatThrownBy(() -> score(8, vector(28)))
        .isInstanceOf(SpateException.class).hasMessageContaining("Unseen value: 8.0. To handle"
            + " unseen values, set Param handleInvalid to keep.");
  }

  @Test
  void negativeCategoryFails() {
    assertThatThrownBy(() -> score(-1, vector(28)))
        .isInstanceOf(SpateException.class).hasMessageContaining("Negative value: -1.0. Input"
            + " can't be negative. To handle invalid values, set Param handleInvalid to keep");
  }

  @Test
  void nullCategoryFailsInTheAssembler() {
    assertThatThrownBy(() -> score(null, vector(28)))
        .isInstanceOf(SpateException.class).hasMessageContaining("Encountered null while"
            + " assembling a row with handleInvalid = \"error\"");
  }

  @Test
  void nullVectorFailsInTheSizeHint() {
    assertThatThrownBy(() -> score(3, null))
        .isInstanceOf(SpateException.class).hasMessageContaining("Got null vector in"
            + " VectorSizeHint, set `handleInvalid` to 'skip' to filter invalid rows.");
  }

  @Test
  void wronglySizedVectorFails() {
    assertThatThrownBy(() -> score(3, vector(27)))
        .isInstanceOf(SpateException.class).hasMessageContaining("VectorSizeHint Expecting a"
            + " vector of size 28 but got 27");
  }

  @Test
  void lastCategoryIsTheZeroVectorAndValidRowsScore() {
    Row row = score(7, vector(28));
    assertThat(row.<Double>getList(0)).containsExactly(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    assertThat(row.getDouble(1)).isIn(0.0, 1.0);
  }

  @Test
  void unsupportedStageClassIsRefused() throws IOException {
    Path copy = copyModel();
    Path metadata = stageMetadata(copy, "1_");
    Files.writeString(metadata, Files.readString(metadata).replace(
        "org.apache.spark.ml.feature.VectorSizeHint", "org.apache.spark.ml.feature.PCAModel"));
    assertThatThrownBy(() -> PipelineModel.load(spate, copy.toString()))
        .isInstanceOf(SpateException.class)
        .satisfies(error -> assertThat(((SpateException) error).errorClass())
            .isEqualTo(SpateException.ErrorClass.PLAN))
        .hasMessageContaining("stage 1 (vectSizeHint_")
        .hasMessageContaining("org.apache.spark.ml.feature.PCAModel): unsupported stage class");
  }

  @Test
  void unsupportedParamValueIsRefused() throws IOException {
    Path copy = copyModel();
    Path metadata = stageMetadata(copy, "2_");
    Files.writeString(metadata, Files.readString(metadata).replace("\"handleInvalid\":\"error\"",
        "\"handleInvalid\":\"keep\""));
    assertThatThrownBy(() -> PipelineModel.load(spate, copy.toString()))
        .isInstanceOf(SpateException.class)
        .hasMessageContaining("stage 2 (vecAssembler_")
        .hasMessageContaining("unsupported param handleInvalid = \"keep\"");
  }

  @Test
  void missingStageDirectoryIsRefusedAndStrayDirectoriesAreIgnored() throws IOException {
    Path copy = copyModel();
    Files.createDirectories(copy.resolve("stages").resolve("notes_vectSizeHint_x"));
    Path stage = stageMetadata(copy, "3_").getParent().getParent();
    Files.move(stage, stage.resolveSibling("gbt_" + stage.getFileName()));
    assertThatThrownBy(() -> PipelineModel.load(spate, copy.toString()))
        .isInstanceOf(SpateException.class)
        .hasMessageContaining("stage 3 (")
        .hasMessageContaining(": no directory 3_");
  }

  private static Row score(Integer amountRange, List<Double> pcaVector) {
    return model.transform(spate.createDataFrame(
        List.of(RowFactory.create(12_348, amountRange, 0, pcaVector)), FraudFixture.SCHEMA))
        .select("amountVect", "prediction").collectAsList().get(0);
  }

  private static List<Double> vector(int size) {
    return new ArrayList<>(Collections.nCopies(size, 0.25));
  }

  private Path copyModel() throws IOException {
    Path source = Path.of(FraudFixture.model());
    Path target = temp.resolve("model");
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path copy = target.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(path, copy);
        }
      }
    }
    return target;
  }

  private static Path stageMetadata(Path model, String prefix) throws IOException {
    try (Stream<Path> stages = Files.list(model.resolve("stages"))) {
      Path stage = stages.filter(path -> path.getFileName().toString().startsWith(prefix))
          .findFirst().orElseThrow();
      try (Stream<Path> files = Files.list(stage.resolve("metadata"))) {
        return files.findFirst().orElseThrow();
      }
    }
  }
}
