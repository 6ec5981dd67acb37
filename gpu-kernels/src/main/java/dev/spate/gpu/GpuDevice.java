package dev.spate.gpu;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import jcuda.CudaException;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;
import org.apache.arrow.memory.ArrowBuf;

/**
 * The process's GPU: a one-time probe of the CUDA driver through JCuda, then one context (made
 * current on whichever thread calls), the packaged PTX modules loaded once, a {@link
 * DeviceMemoryPool}, and kernel launches and host/device copies on one CUDA stream, all counted in
 * {@link GpuMetrics}.
 *
 * <p>Transfers: every copy is staged through page-locked host memory from a {@link
 * PinnedStagingPool} and issued asynchronously ({@code cuMemcpyHtoDAsync}/{@code
 * cuMemcpyDtoHAsync}), like the launches; nothing waits until {@link #synchronize()}, which the
 * calling thread reaches once per operator batch ({@link GpuErrors#onDevice}) or where the host
 * needs a value from the device (the {@code download*} methods that return arrays). The staging
 * buffers a thread has in flight, its deferred copies into Arrow buffers and its kernel timing
 * events are kept per thread and settled by that thread's next synchronisation, or released by
 * {@link #abandon()} after a failure.
 *
 * <p>The probe never breaks the CPU path: a missing {@code libcuda.so.1} ({@link
 * UnsatisfiedLinkError} on first touch, {@link NoClassDefFoundError} afterwards), no device, a
 * driver error or missing PTX all become the {@link #unavailableReason()}, computed once and
 * cached. Thread safe.
 */
public final class GpuDevice {
  /** Threads per block of every launch (a multiple of 32, as the kernels require). */
  static final int BLOCK_THREADS = 256;
  private static final int MAX_GRID = 1024;
  private static final Object PROBE_LOCK = new Object();
  private static volatile Probe probe;

  private final GpuDeviceInfo info;
  private final CUcontext context;
  private final Map<String, CUmodule> moduleByEntry;
  private final Map<String, CUfunction> functions = new ConcurrentHashMap<>();
  private final DeviceMemoryPool pool;
  private final CUstream stream;
  private final PinnedStagingPool staging;
  private final ThreadLocal<InFlight> inFlight = ThreadLocal.withInitial(InFlight::new);
  private final long freeBytesAtStart;
  private volatile GpuCalibration calibration;

  /** What the calling thread has queued on the stream since its last synchronisation. */
  private static final class InFlight {
    private final List<StagingBuffer> staged = new ArrayList<>();
    private final List<Runnable> hostCopies = new ArrayList<>();
    private final List<CUevent[]> kernelEvents = new ArrayList<>();
  }

  private record Probe(GpuDevice device, String reason) {}

  private GpuDevice(GpuDeviceInfo info, CUcontext context, Map<String, CUmodule> moduleByEntry,
      CUstream stream, long freeBytesAtStart) {
    this.info = requireNonNull(info, "info is null");
    this.context = requireNonNull(context, "context is null");
    this.moduleByEntry = Map.copyOf(moduleByEntry);
    this.pool = new DeviceMemoryPool(this);
    this.stream = requireNonNull(stream, "stream is null");
    this.staging = new PinnedStagingPool(PinnedStagingPool.DEFAULT_CACHE_LIMIT_BYTES);
    this.freeBytesAtStart = freeBytesAtStart;
  }

  /** Empty when a GPU is usable; otherwise a full sentence saying why not. */
  public static Optional<String> unavailableReason() {
    return Optional.ofNullable(probe().reason());
  }

  /** The device facts, or empty when no GPU is usable. */
  public static Optional<GpuDeviceInfo> info() {
    GpuDevice device = probe().device();
    return device == null ? Optional.empty() : Optional.of(device.info);
  }

  /** The usable GPU; a {@code SpateException} of class GPU naming the probe's reason otherwise. */
  public static GpuDevice get() {
    Probe result = probe();
    if (result.device() == null) {
      throw new SpateException(SpateException.ErrorClass.GPU, "no GPU: " + result.reason());
    }
    return result.device();
  }

  private static Probe probe() {
    Probe result = probe;
    if (result == null) {
      synchronized (PROBE_LOCK) {
        result = probe;
        if (result == null) {
          result = runProbe();
          probe = result;
        }
      }
    }
    return result;
  }

  private static Probe runProbe() {
    try {
      JCudaDriver.setExceptionsEnabled(true);
      JCudaDriver.cuInit(0);
      int[] count = new int[1];
      JCudaDriver.cuDeviceGetCount(count);
      if (count[0] == 0) {
        return new Probe(null, "the CUDA driver found no GPU device.");
      }
      CUdevice device = new CUdevice();
      JCudaDriver.cuDeviceGet(device, 0);
      byte[] name = new byte[256];
      JCudaDriver.cuDeviceGetName(name, name.length, device);
      int[] major = new int[1];
      int[] minor = new int[1];
      JCudaDriver.cuDeviceGetAttribute(major,
          CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device);
      JCudaDriver.cuDeviceGetAttribute(minor,
          CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device);
      long[] memory = new long[1];
      JCudaDriver.cuDeviceTotalMem(memory, device);
      int[] driver = new int[1];
      JCudaDriver.cuDriverGetVersion(driver);
      String arch = PtxResources.archFor(major[0]);
      Optional<String> missing = PtxResources.missingReason(arch);
      if (missing.isPresent()) {
        return new Probe(null, missing.get());
      }
      CUcontext context = new CUcontext();
      JCudaDriver.cuCtxCreate(context, 0, device);
      Map<String, CUmodule> modules = new HashMap<>();
      for (PtxResources.Ptx ptx : PtxResources.load(arch)) {
        CUmodule module = new CUmodule();
        byte[] text = (ptx.text() + '\0').getBytes(StandardCharsets.US_ASCII);
        JCudaDriver.cuModuleLoadData(module, text);
        for (String entry : ptx.entries()) {
          modules.put(entry, module);
        }
      }
      CUstream stream = new CUstream();
      JCudaDriver.cuStreamCreate(stream, 0);
      long[] free = new long[1];
      long[] total = new long[1];
      JCudaDriver.cuMemGetInfo(free, total);
      GpuDeviceInfo info = new GpuDeviceInfo(cString(name), major[0], minor[0], memory[0],
          driver[0], arch);
      return new Probe(new GpuDevice(info, context, modules, stream, free[0]), null);
    } catch (UnsatisfiedLinkError e) {
      return new Probe(null, "the CUDA driver library could not be loaded ("
          + linkFailure(e.getMessage()) + "); is libcuda.so.1 on LD_LIBRARY_PATH?");
    } catch (NoClassDefFoundError e) {
      return new Probe(null, "JCuda's driver binding failed to initialise earlier in this process ("
          + e.getMessage() + ").");
    } catch (CudaException e) {
      return new Probe(null, "the CUDA driver reported an error while probing: " + e.getMessage()
          + ".");
    } catch (IOException e) {
      return new Probe(null, "the packaged PTX could not be read: " + e.getMessage() + ".");
    }
  }

  /**
   * The line of JCuda's multi-line loading report that says why the native library did not load
   * (for example {@code libcuda.so.1: cannot open shared object file}), else its first line.
   */
  private static String linkFailure(String message) {
    String text = String.valueOf(message);
    String cause = text.lines().findFirst().orElse(text);
    for (String line : text.lines().toList()) {
      int marker = line.indexOf("UnsatisfiedLinkError: ");
      if (marker >= 0 && line.contains("shared object")) {
        cause = line.substring(marker + "UnsatisfiedLinkError: ".length());
      }
    }
    return cause;
  }

  private static String cString(byte[] bytes) {
    int length = 0;
    while (length < bytes.length && bytes[length] != 0) {
      length++;
    }
    return new String(bytes, 0, length, StandardCharsets.US_ASCII);
  }

  public GpuDeviceInfo deviceInfo() {
    return info;
  }

  /** The process-wide device memory pool. */
  public DeviceMemoryPool pool() {
    return pool;
  }

  /**
   * Sets the pool's limit to {@code configuredBytes} ({@link GpuConfig#MEMORY_LIMIT_BYTES}), or,
   * when that is 0, to the free device memory at start-up less a twentieth of it.
   */
  void applyMemoryLimit(long configuredBytes) {
    pool.limitBytes(configuredBytes > 0 ? configuredBytes
        : Math.max(1, freeBytesAtStart - freeBytesAtStart / 20));
  }

  /** Makes the process's context current on the calling thread; every entry point calls it. */
  void bind() {
    JCudaDriver.cuCtxSetCurrent(context);
  }

  /**
   * Queues {@code kernel} over {@code rows} rows with 1-D blocks of {@link #BLOCK_THREADS} on the
   * stream, between two timing events whose interval is added to {@link GpuMetrics} at the next
   * {@link #synchronize()}.
   *
   * @param arguments the kernel's parameters in order, each a pointer to its value ({@link
   *     KernelArgs})
   */
  void launch(String kernel, int rows, List<NativePointerObject> arguments) {
    bind();
    CUevent[] events = {new CUevent(), new CUevent()};
    JCudaDriver.cuEventCreate(events[0], CUevent_flags.CU_EVENT_DEFAULT);
    JCudaDriver.cuEventCreate(events[1], CUevent_flags.CU_EVENT_DEFAULT);
    inFlight.get().kernelEvents.add(events);
    JCudaDriver.cuEventRecord(events[0], stream);
    launchRaw(kernel, rows, arguments);
    JCudaDriver.cuEventRecord(events[1], stream);
  }

  /** Queues {@code kernel} as {@link #launch} does, untimed and uncounted (calibration). */
  void launchRaw(String kernel, int rows, List<NativePointerObject> arguments) {
    CUfunction function = functions.computeIfAbsent(kernel, this::loadFunction);
    long tiles = Math.max(1, ((long) rows + BLOCK_THREADS * KernelCodes.ITEMS_PER_THREAD - 1)
        / (BLOCK_THREADS * KernelCodes.ITEMS_PER_THREAD));
    int grid = (int) Math.min(tiles, MAX_GRID);
    Pointer parameters = Pointer.to(arguments.toArray(new NativePointerObject[0]));
    JCudaDriver.cuLaunchKernel(function, grid, 1, 1, BLOCK_THREADS, 1, 1, 0, stream, parameters,
        null);
  }

  /** The stream every copy and launch is queued on. */
  CUstream stream() {
    return stream;
  }

  /**
   * The device's transfer and kernel speeds, measured at the first call ({@link
   * GpuCalibration#measure}) and cached with the device.
   */
  GpuCalibration calibration() {
    GpuCalibration measured = calibration;
    if (measured == null) {
      synchronized (this) {
        measured = calibration;
        if (measured == null) {
          measured = GpuCalibration.measure(this);
          calibration = measured;
        }
      }
    }
    return measured;
  }

  /**
   * Waits for the stream, then settles what the calling thread queued: deferred copies into host
   * buffers run, staging buffers go back to their pool, and kernel times are added to {@link
   * GpuMetrics}. Staging buffers are released even when the wait fails.
   */
  void synchronize() {
    InFlight queued = inFlight.get();
    try {
      bind();
      JCudaDriver.cuStreamSynchronize(stream);
      for (Runnable copy : queued.hostCopies) {
        copy.run();
      }
      float[] milliseconds = new float[1];
      for (CUevent[] events : queued.kernelEvents) {
        JCudaDriver.cuEventElapsedTime(milliseconds, events[0], events[1]);
        GpuMetrics.kernel(Math.round(milliseconds[0] * 1e6));
      }
    } finally {
      release(queued);
    }
  }

  /**
   * After a failure: waits for the stream (ignoring a driver error, which the failure already
   * reports), drops the calling thread's deferred host copies and releases its staging buffers.
   */
  void abandon() {
    InFlight queued = inFlight.get();
    try {
      bind();
      JCudaDriver.cuStreamSynchronize(stream);
    } catch (CudaException e) {
      // the operator's own failure is the one reported
    } finally {
      release(queued);
    }
  }

  private static void release(InFlight queued) {
    queued.staged.forEach(StagingBuffer::close);
    queued.staged.clear();
    queued.hostCopies.clear();
    for (CUevent[] events : queued.kernelEvents) {
      JCudaDriver.cuEventDestroy(events[0]);
      JCudaDriver.cuEventDestroy(events[1]);
    }
    queued.kernelEvents.clear();
  }

  /** The page-locked staging pool of every transfer. */
  PinnedStagingPool stagingPool() {
    return staging;
  }

  /** A staging buffer of {@code bytes} bytes, released at the calling thread's next settlement. */
  private StagingBuffer stage(long bytes) {
    StagingBuffer buffer = staging.acquire(bytes);
    inFlight.get().staged.add(buffer);
    return buffer;
  }

  /** Queues a copy of {@code bytes} staged bytes to the start of {@code target}. */
  private void stageToDevice(DeviceBuffer target, StagingBuffer source, long bytes) {
    JCudaDriver.cuMemcpyHtoDAsync(target.pointer(), source.pointer(), bytes, stream);
    GpuMetrics.hostToDevice(bytes);
  }

  /** Queues a copy of the first {@code bytes} bytes of {@code source} into a new staging buffer. */
  private StagingBuffer stageFromDevice(DeviceBuffer source, long bytes) {
    bind();
    StagingBuffer target = stage(bytes);
    JCudaDriver.cuMemcpyDtoHAsync(target.pointer(), source.pointer(), bytes, stream);
    GpuMetrics.deviceToHost(bytes);
    return target;
  }

  /**
   * Gives {@code reader} the first {@code bytes} bytes of {@code source} once the stream has caught
   * up (before the staging buffer is released).
   */
  private void fetch(DeviceBuffer source, long bytes, Consumer<ByteBuffer> reader) {
    StagingBuffer target = stageFromDevice(source, bytes);
    inFlight.get().hostCopies.add(() -> reader.accept(target.bytes(bytes)));
    synchronize();
  }

  private CUfunction loadFunction(String kernel) {
    CUmodule module = moduleByEntry.get(kernel);
    if (module == null) {
      throw SpateException.internal("GPU kernel " + kernel + " is not in the packaged PTX", null);
    }
    CUfunction function = new CUfunction();
    JCudaDriver.cuModuleGetFunction(function, module, kernel);
    return function;
  }

  /**
   * A new device buffer to which {@code bytes} bytes from the start of {@code source} are being
   * copied (through a staging buffer, asynchronously: later work on the stream sees them).
   */
  DeviceBuffer upload(ArrowBuf source, long bytes) {
    DeviceBuffer buffer = pool.allocate(bytes);
    try {
      bind();
      StagingBuffer staged = stage(bytes);
      staged.bytes(bytes).put(source.nioBuffer(0, Math.toIntExact(bytes)));
      stageToDevice(buffer, staged, bytes);
      return buffer;
    } catch (RuntimeException e) {
      buffer.close();
      throw e;
    }
  }

  /** Copies {@code bytes} bytes from the start of {@code source} to the start of {@code target}. */
  void download(DeviceBuffer source, ArrowBuf target, long bytes) {
    downloadDeferred(source, target, bytes);
    synchronize();
  }

  /**
   * Queues a copy of {@code bytes} bytes from the start of {@code source} to the start of {@code
   * target}, which holds them only after the calling thread's next {@link #synchronize()}.
   */
  void downloadDeferred(DeviceBuffer source, ArrowBuf target, long bytes) {
    if (bytes == 0) {
      return;
    }
    StagingBuffer staged = stageFromDevice(source, bytes);
    inFlight.get().hostCopies.add(() -> target.nioBuffer(0, Math.toIntExact(bytes))
        .put(staged.bytes(bytes)));
  }

  /** Reads {@code count} int32 values from the start of {@code source}. */
  int[] downloadInts(DeviceBuffer source, int count) {
    int[] values = new int[count];
    if (count > 0) {
      fetch(source, 4L * count, bytes -> bytes.asIntBuffer().get(values));
    }
    return values;
  }

  /** Reads {@code count} bytes (for example a validity bitmap) from the start of {@code source}. */
  byte[] downloadBytes(DeviceBuffer source, int count) {
    byte[] values = new byte[count];
    if (count > 0) {
      fetch(source, count, bytes -> bytes.get(values));
    }
    return values;
  }

  /** A new device buffer holding {@code values}. */
  /** A new device buffer holding {@code values} (int32, little-endian, padded to 8 bytes). */
  DeviceBuffer uploadInts(int[] values) {
    long[] packed = new long[(values.length + 1) / 2];
    for (int index = 0; index < values.length; index++) {
      packed[index / 2] |= (values[index] & 0xffffffffL) << (32 * (index % 2));
    }
    return uploadLongs(packed);
  }

  DeviceBuffer uploadLongs(long[] values) {
    DeviceBuffer buffer = pool.allocate(8L * values.length);
    try {
      if (values.length > 0) {
        bind();
        StagingBuffer staged = stage(8L * values.length);
        staged.bytes(8L * values.length).asLongBuffer().put(values);
        stageToDevice(buffer, staged, 8L * values.length);
      }
      return buffer;
    } catch (RuntimeException e) {
      buffer.close();
      throw e;
    }
  }

  /** Reads {@code count} int64 values from the start of {@code source}. */
  long[] downloadLongs(DeviceBuffer source, int count) {
    long[] values = new long[count];
    if (count > 0) {
      fetch(source, 8L * count, bytes -> bytes.asLongBuffer().get(values));
    }
    return values;
  }

  /** A zero-filled device buffer of {@code bytes} bytes. */
  DeviceBuffer zeroed(long bytes) {
    DeviceBuffer buffer = pool.allocate(bytes);
    try {
      bind();
      JCudaDriver.cuMemsetD8Async(buffer.pointer(), (byte) 0, bytes, stream);
      return buffer;
    } catch (RuntimeException e) {
      buffer.close();
      throw e;
    }
  }

  CUdeviceptr allocateRaw(long bytes) {
    bind();
    CUdeviceptr pointer = new CUdeviceptr();
    JCudaDriver.cuMemAlloc(pointer, bytes);
    return pointer;
  }

  void freeRaw(CUdeviceptr pointer) {
    bind();
    JCudaDriver.cuMemFree(pointer);
  }
}
