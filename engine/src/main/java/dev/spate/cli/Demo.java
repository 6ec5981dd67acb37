package dev.spate.cli;

import dev.spate.DataFrame;
import dev.spate.SpateSession;
import dev.spate.demo.SensorEventGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spate demo}: generates IoT sensor events and runs the talk's batch analysis over them:
 * JSON to Parquet ETL, per-device-type statistics and low-signal devices, printing each step.
 */
@Command(name = "demo", description = "Generate sensor events and run the sensor ETL and analysis.")
final class Demo implements Callable<Integer> {
  @Mixin
  SpateCli.CommonOptions options;

  @Option(names = "--dir", defaultValue = "spate-demo", description = "working folder (default: spate-demo)")
  Path directory;

  @Option(names = "--files", defaultValue = "100", description = "input files (one per minute of event time)")
  int files;

  @Option(names = "--rows-per-file", defaultValue = "100", description = "events per file")
  int rowsPerFile;

  @Override
  public Integer call() {
    Path input = directory.resolve("input");
    Path parquet = directory.resolve("parquet");
    long started = System.nanoTime();
    System.out.printf("[1/4] generating %d files x %d sensor events into %s%n", files, rowsPerFile,
        input);
    new SensorEventGenerator(1_470_187_880_400L, 42).writeFiles(input, 1, files, rowsPerFile);
    try (SpateSession spate = options.session()) {
      DataFrame events = spate.read().schema(SensorEventGenerator.SCHEMA).json(input.toString());
      System.out.printf("[2/4] ETL: JSON -> Parquet at %s%n", parquet);
      long etlStart = System.nanoTime();
      events.write().mode("overwrite").parquet(parquet.toString());
      long rows = spate.read().parquet(parquet.toString()).count();
      System.out.printf("      %,d rows in %.0f ms%n", rows, (System.nanoTime() - etlStart) / 1e6);
      spate.read().parquet(parquet.toString()).createOrReplaceTempView("sensors");

      System.out.println("[3/4] statistics per device type");
      System.out.print(spate.sql("SELECT deviceType, count(*) AS count,"
          + " min(signalStrength) AS min, max(signalStrength) AS max,"
          + " avg(signalStrength) AS avg FROM sensors GROUP BY deviceType ORDER BY deviceType")
          .showString(20, 0));

      System.out.println("[4/4] devices with the weakest average signal");
      DataFrame weakest = spate.sql("SELECT deviceId, deviceType, count(*) AS events,"
          + " round(avg(signalStrength), 4) AS avgSignal FROM sensors WHERE signalStrength < 0.1"
          + " GROUP BY deviceId, deviceType ORDER BY events DESC, deviceId LIMIT 5");
      System.out.print(weakest.showString(5, 0));
      System.out.print(weakest.explainString("placement"));
    }
    System.out.printf("done in %.1f s; input in %s, Parquet output in %s%n",
        (System.nanoTime() - started) / 1e9, input, parquet);
    return 0;
  }
}
