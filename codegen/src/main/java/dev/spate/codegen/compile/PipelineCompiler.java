package dev.spate.codegen.compile;

import dev.spate.codegen.generate.PipelineGenerator;
import dev.spate.codegen.runtime.PipelineKernel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.SimpleCompiler;
import org.codehaus.janino.util.ClassFile;

/**
 * Compiles generated pipeline classes with Janino and caches them by their source (the normalised
 * plan fingerprint: literals are parameters), so each plan shape is compiled once per process. Each
 * class gets its own class loader, so equal class names never collide. Failures (compile errors,
 * methods over the byte limit) are cached too, so a failing shape is not recompiled on every open.
 * Thread safe.
 */
public final class PipelineCompiler {
  private static final int CACHE_SIZE = 512;

  private final Map<String, Object> cache = new LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
      return size() > CACHE_SIZE;
    }
  };
  private final CodegenMetrics metrics = new CodegenMetrics();

  public CodegenMetrics metrics() {
    return metrics;
  }

  /**
   * The class compiled from {@code source}, from the cache when this source was compiled before.
   *
   * @param maxMethodBytes the largest allowed bytecode size of one method
   * @param dumpDirectory where to write the source ({@code <fingerprint>.java}), or empty
   * @throws CodegenFailure when the source does not compile or a method is too large
   */
  public Class<? extends PipelineKernel> compile(String source, int maxMethodBytes,
      String dumpDirectory) throws CodegenFailure {
    String key = maxMethodBytes + "\n" + source;
    Object cached;
    synchronized (cache) {
      cached = cache.get(key);
    }
    if (cached != null) {
      metrics.hit();
      return result(cached);
    }
    if (!dumpDirectory.isEmpty()) {
      dump(source, dumpDirectory);
    }
    long start = System.nanoTime();
    Object compiled;
    try {
      compiled = compileNew(source, maxMethodBytes);
    } catch (CodegenFailure failure) {
      metrics.failed();
      compiled = failure;
    }
    metrics.compiled(System.nanoTime() - start);
    synchronized (cache) {
      cache.put(key, compiled);
    }
    return result(compiled);
  }

  @SuppressWarnings("unchecked")
  private static Class<? extends PipelineKernel> result(Object cached) throws CodegenFailure {
    if (cached instanceof CodegenFailure) {
      CodegenFailure failure = (CodegenFailure) cached;
      throw new CodegenFailure(failure.getMessage(), failure.source(), failure.getCause());
    }
    return (Class<? extends PipelineKernel>) cached;
  }

  private static Class<? extends PipelineKernel> compileNew(String source, int maxMethodBytes)
      throws CodegenFailure {
    SimpleCompiler compiler = new SimpleCompiler();
    compiler.setParentClassLoader(PipelineKernel.class.getClassLoader());
    // Java 8 class files: the Vector API's memory-segment views call static interface methods
    compiler.setTargetVersion(8);
    try {
      compiler.cook(source);
    } catch (CompileException e) {
      throw new CodegenFailure("the generated class does not compile: " + e.getMessage()
          + "\n" + numbered(source), source, e);
    }
    for (ClassFile classFile : compiler.getClassFiles()) {
      for (ClassFile.MethodInfo method : classFile.methodInfos) {
        for (ClassFile.AttributeInfo attribute : method.getAttributes()) {
          if (attribute instanceof ClassFile.CodeAttribute
              && ((ClassFile.CodeAttribute) attribute).code.length > maxMethodBytes) {
            throw new CodegenFailure("generated method " + method.getName() + " has "
                + ((ClassFile.CodeAttribute) attribute).code.length + " bytes of bytecode, over"
                + " the limit of " + maxMethodBytes + " bytes (HotSpot does not JIT-compile larger"
                + " methods; spate.codegen.maxMethodBytes)", source, null);
          }
        }
      }
    }
    try {
      return compiler.getClassLoader().loadClass(PipelineGenerator.CLASS_NAME)
          .asSubclass(PipelineKernel.class);
    } catch (ClassNotFoundException e) {
      throw new CodegenFailure("the generated class " + PipelineGenerator.CLASS_NAME
          + " was not found after compiling", source, e);
    }
  }

  /** The fingerprint of a source, as used in dump file names. */
  public static String fingerprint(String source) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(source.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static void dump(String source, String directory) {
    Path path = Paths.get(directory).resolve(fingerprint(source) + ".java");
    try {
      Files.createDirectories(path.getParent());
      Files.writeString(path, source, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw dev.spate.SpateException.io("cannot write generated source to " + path
          + " (spate.codegen.dumpSource)", e);
    }
  }

  private static String numbered(String source) {
    StringBuilder text = new StringBuilder();
    String[] lines = source.split("\n", -1);
    for (int index = 0; index < lines.length; index++) {
      text.append(String.format("%4d  %s%n", index + 1, lines[index]));
    }
    return text.toString();
  }
}
