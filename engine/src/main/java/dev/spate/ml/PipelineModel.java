package dev.spate.ml;

import static java.util.Objects.requireNonNull;

import dev.spate.DataFrame;
import dev.spate.SpateException;
import dev.spate.SpateSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A fitted Spark ML {@code org.apache.spark.ml.PipelineModel}, read from the directory Spark's
 * {@code PipelineModel.save} writes, applied to batch or streaming DataFrames as ordinary Spate
 * expressions (see {@link Transformer}):
 *
 * <pre>{@code
 * PipelineModel model = PipelineModel.load(spate, "models/fraud");
 * DataFrame scored = model.transform(spate.readStream().schema(
 *     "time INT, amountRange INT, label INT, pcaVector ARRAY<DOUBLE>").parquet("in/"));
 * }</pre>
 *
 * <p>Vectors are {@code ARRAY<DOUBLE>} columns. Supported stages: {@link OneHotEncoderModel},
 * {@link VectorSizeHint}, {@link VectorAssembler} and {@link GBTClassificationModel}; any other
 * stage class, or a param value Spate does not apply, is refused when loading with a PLAN {@link
 * SpateException} naming the stage, its uid and class.
 */
public final class PipelineModel implements Transformer {
  private final String uid;
  private final List<Transformer> stages;

  public PipelineModel(String uid, List<Transformer> stages) {
    this.uid = requireNonNull(uid, "uid is null");
    this.stages = List.copyOf(stages);
  }

  /**
   * Reads a saved {@code PipelineModel}: {@code metadata/part-*} with the {@code stageUids}, and
   * each stage under {@code stages/<index>_<uid>/} (its metadata, and the Parquet {@code data/}
   * and {@code treesMetadata/} of models that have them, read with Spate's Parquet reader).
   *
   * @throws SpateException IO when a file cannot be read; PLAN for an unsupported stage or param
   */
  public static PipelineModel load(SpateSession session, String path) {
    requireNonNull(session, "session is null");
    Path root = Path.of(requireNonNull(path, "path is null"));
    StageMetadata pipeline = StageMetadata.read(root, "pipeline " + path);
    if (!pipeline.className().equals("org.apache.spark.ml.PipelineModel")) {
      throw pipeline.unsupported("class: " + path + " holds a " + pipeline.className()
          + ", not an org.apache.spark.ml.PipelineModel");
    }
    List<String> stageUids = pipeline.strings("stageUids");
    List<Transformer> stages = new ArrayList<>();
    for (int index = 0; index < stageUids.size(); index++) {
      Path directory = stageDirectory(root.resolve("stages"), index, stageUids.get(index));
      stages.add(loadStage(session, StageMetadata.read(directory, "stage " + index)));
    }
    return new PipelineModel(pipeline.uid(), stages);
  }

  private static Transformer loadStage(SpateSession session, StageMetadata stage) {
    switch (stage.className()) {
      case "org.apache.spark.ml.feature.OneHotEncoderModel":
        return OneHotEncoderModel.load(session, stage);
      case "org.apache.spark.ml.feature.VectorSizeHint":
        return VectorSizeHint.load(stage);
      case "org.apache.spark.ml.feature.VectorAssembler":
        return VectorAssembler.load(stage);
      case "org.apache.spark.ml.classification.GBTClassificationModel":
        return GBTClassificationModel.load(session, stage);
      default:
        throw stage.unsupported("stage class (Spate applies OneHotEncoderModel, VectorSizeHint,"
            + " VectorAssembler and GBTClassificationModel)");
    }
  }

  /** {@code stages/<index>_<uid>}, as Spark writes it (older Spark pads the index). */
  private static Path stageDirectory(Path stages, int index, String stageUid) {
    try (Stream<Path> directories = Files.list(stages)) {
      return directories.filter(directory -> {
        String name = directory.getFileName().toString();
        int separator = name.indexOf('_');
        return separator > 0 && name.substring(separator + 1).equals(stageUid)
            && name.substring(0, separator).replaceFirst("^0+(?=.)", "")
                .equals(String.valueOf(index));
      }).findFirst().orElseThrow(() -> SpateException.plan("stage %d (%s): no directory"
          + " %d_%s in %s", index, stageUid, index, stageUid, stages));
    } catch (IOException e) {
      throw SpateException.io("cannot list " + stages + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The fitted stages, in order. */
  public List<Transformer> stages() {
    return stages;
  }

  /** Applies every stage in order. */
  @Override
  public DataFrame transform(DataFrame input) {
    DataFrame result = input;
    for (Transformer stage : stages) {
      result = stage.transform(result);
    }
    return result;
  }
}
