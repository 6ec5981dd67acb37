package dev.spate.codegen.compile;

/**
 * Why a generated class cannot be used (a compile error, an oversized method); the caller falls
 * back to the interpreted path with {@link #getMessage()} as the placement reason, or throws under
 * {@code spate.test.failOnFallback}. The message is a full sentence; {@link #source()} is the
 * generated source (also part of the message of compile errors).
 */
public final class CodegenFailure extends Exception {
  private static final long serialVersionUID = 1L;
  private final String source;

  public CodegenFailure(String message, String source, Throwable cause) {
    super(message, cause);
    this.source = source;
  }

  public String source() {
    return source;
  }
}
