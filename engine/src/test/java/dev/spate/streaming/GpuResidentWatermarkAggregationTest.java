package dev.spate.streaming;

import dev.spate.SpateSession;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;

/**
 * {@link WatermarkAggregationTest}'s event-time cases (late rows, append/update/complete output,
 * eviction) with the aggregation state resident on the GPU; every micro-batch of a stateful query
 * must have merged on the device.
 */
class GpuResidentWatermarkAggregationTest extends WatermarkAggregationTest {
  private final List<StreamingQueryProgress> progress = new CopyOnWriteArrayList<>();

  @Override
  SpateSession newSession() {
    SpateSession session = GpuStateTests.session("gpu-watermark-test");
    session.streams().addListener(new StreamingQueryListener() {
      @Override
      public void onQueryStarted(QueryStartedEvent event) {}

      @Override
      public void onQueryProgress(QueryProgressEvent event) {
        progress.add(event.progress());
      }

      @Override
      public void onQueryTerminated(QueryTerminatedEvent event) {}
    });
    return session;
  }

  @AfterEach
  void everyBatchMergedOnTheGpu() {
    for (StreamingQueryProgress report : progress) {
      if (!report.stateOperators().isEmpty()) {
        GpuStateTests.assertResident(report);
      }
    }
  }
}
