package dev.spate.gpu;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jcuda.CudaException;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;
import org.apache.arrow.memory.ArrowBuf;

/**
 * The process's GPU: a one-time probe of the CUDA driver through JCuda, then one context (made
 * current on whichever thread calls), the packaged PTX modules loaded once, a {@link
 * DeviceMemoryPool}, synchronous kernel launches and host/device copies, all counted in {@link
 * GpuMetrics}.
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
  private final long freeBytesAtStart;

  private record Probe(GpuDevice device, String reason) {}

  private GpuDevice(GpuDeviceInfo info, CUcontext context, Map<String, CUmodule> moduleByEntry,
      long freeBytesAtStart) {
    this.info = requireNonNull(info, "info is null");
    this.context = requireNonNull(context, "context is null");
    this.moduleByEntry = Map.copyOf(moduleByEntry);
    this.pool = new DeviceMemoryPool(this);
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
      long[] free = new long[1];
      long[] total = new long[1];
      JCudaDriver.cuMemGetInfo(free, total);
      GpuDeviceInfo info = new GpuDeviceInfo(cString(name), major[0], minor[0], memory[0],
          driver[0], arch);
      return new Probe(new GpuDevice(info, context, modules, free[0]), null);
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
   * Launches {@code kernel} over {@code rows} rows with 1-D blocks of {@link #BLOCK_THREADS} and
   * waits for it; the time is added to {@link GpuMetrics}.
   *
   * @param arguments the kernel's parameters in order, each a pointer to its value ({@link
   *     KernelArgs})
   */
  void launch(String kernel, int rows, List<NativePointerObject> arguments) {
    bind();
    CUfunction function = functions.computeIfAbsent(kernel, this::loadFunction);
    long tiles = Math.max(1, ((long) rows + BLOCK_THREADS * KernelCodes.ITEMS_PER_THREAD - 1)
        / (BLOCK_THREADS * KernelCodes.ITEMS_PER_THREAD));
    int grid = (int) Math.min(tiles, MAX_GRID);
    Pointer parameters = Pointer.to(arguments.toArray(new NativePointerObject[0]));
    long start = System.nanoTime();
    JCudaDriver.cuLaunchKernel(function, grid, 1, 1, BLOCK_THREADS, 1, 1, 0, null, parameters,
        null);
    JCudaDriver.cuCtxSynchronize();
    GpuMetrics.kernel(System.nanoTime() - start);
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

  /** Copies {@code bytes} bytes from the start of {@code source} into a new device buffer. */
  DeviceBuffer upload(ArrowBuf source, long bytes) {
    DeviceBuffer buffer = pool.allocate(bytes);
    try {
      copyToDevice(buffer, source.nioBuffer(0, Math.toIntExact(bytes)), bytes);
      return buffer;
    } catch (RuntimeException e) {
      buffer.close();
      throw e;
    }
  }

  /** Copies a direct host buffer (position 0) to the start of {@code target}. */
  void copyToDevice(DeviceBuffer target, ByteBuffer source, long bytes) {
    bind();
    JCudaDriver.cuMemcpyHtoD(target.pointer(), Pointer.to(source), bytes);
    GpuMetrics.hostToDevice(bytes);
  }

  /** Copies {@code bytes} bytes from the start of {@code source} to the start of {@code target}. */
  void download(DeviceBuffer source, ArrowBuf target, long bytes) {
    if (bytes == 0) {
      return;
    }
    bind();
    JCudaDriver.cuMemcpyDtoH(Pointer.to(target.nioBuffer(0, Math.toIntExact(bytes))),
        source.pointer(), bytes);
    GpuMetrics.deviceToHost(bytes);
  }

  /** Reads {@code count} int32 values from the start of {@code source}. */
  int[] downloadInts(DeviceBuffer source, int count) {
    int[] values = new int[count];
    if (count > 0) {
      bind();
      JCudaDriver.cuMemcpyDtoH(Pointer.to(values), source.pointer(), 4L * count);
      GpuMetrics.deviceToHost(4L * count);
    }
    return values;
  }

  /** Reads {@code count} bytes (for example a validity bitmap) from the start of {@code source}. */
  byte[] downloadBytes(DeviceBuffer source, int count) {
    byte[] values = new byte[count];
    if (count > 0) {
      bind();
      JCudaDriver.cuMemcpyDtoH(Pointer.to(values), source.pointer(), count);
      GpuMetrics.deviceToHost(count);
    }
    return values;
  }

  /** A new device buffer holding {@code values}. */
  DeviceBuffer uploadLongs(long[] values) {
    DeviceBuffer buffer = pool.allocate(8L * values.length);
    try {
      bind();
      JCudaDriver.cuMemcpyHtoD(buffer.pointer(), Pointer.to(values), 8L * values.length);
      GpuMetrics.hostToDevice(8L * values.length);
      return buffer;
    } catch (RuntimeException e) {
      buffer.close();
      throw e;
    }
  }

  /** Reads {@code count} int64 values from the start of {@code source}. */
  long[] downloadLongs(DeviceBuffer source, int count) {
    long[] values = new long[count];
    if (count == 0) {
      return values;
    }
    bind();
    JCudaDriver.cuMemcpyDtoH(Pointer.to(values), source.pointer(), 8L * count);
    GpuMetrics.deviceToHost(8L * count);
    return values;
  }

  /** A zero-filled device buffer of {@code bytes} bytes. */
  DeviceBuffer zeroed(long bytes) {
    DeviceBuffer buffer = pool.allocate(bytes);
    try {
      bind();
      JCudaDriver.cuMemsetD8(buffer.pointer(), (byte) 0, bytes);
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
