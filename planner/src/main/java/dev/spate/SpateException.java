package dev.spate;

import static java.util.Objects.requireNonNull;

/**
 * The one exception type Spate throws to its users. Every failure that ends a query or rejects a
 * request is a {@code SpateException} with an {@link ErrorClass} and a message that names the
 * operator, column, type or value involved, and for limits the configuration key that changes them.
 */
public class SpateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The category of an error; see DESIGN.md section 2. */
  public enum ErrorClass {
    /** The query cannot be planned (an unsupported plan shape). */
    PLAN,
    /** Name resolution, type checking or an API misuse found before running. */
    ANALYSIS,
    /** A failure while running: overflow in ANSI mode, division by zero, a bad value. */
    EXECUTION,
    /** Reading or writing files: a missing path, a corrupt or malformed file. */
    IO,
    /** Generating or compiling code. */
    CODEGEN,
    /** The GPU backend. */
    GPU,
    /** Memory or another resource limit. */
    RESOURCES,
    /** A bug in Spate. */
    INTERNAL
  }

  private final ErrorClass errorClass;

  public SpateException(ErrorClass errorClass, String message) {
    this(errorClass, message, null);
  }

  public SpateException(ErrorClass errorClass, String message, Throwable cause) {
    super("[" + requireNonNull(errorClass, "errorClass is null") + "] " + message, cause);
    this.errorClass = errorClass;
  }

  public ErrorClass errorClass() {
    return errorClass;
  }

  public static SpateException analysis(String format, Object... arguments) {
    return new SpateException(ErrorClass.ANALYSIS, String.format(format, arguments));
  }

  public static SpateException execution(String format, Object... arguments) {
    return new SpateException(ErrorClass.EXECUTION, String.format(format, arguments));
  }

  public static SpateException io(String message, Throwable cause) {
    return new SpateException(ErrorClass.IO, message, cause);
  }

  public static SpateException plan(String format, Object... arguments) {
    return new SpateException(ErrorClass.PLAN, String.format(format, arguments));
  }

  public static SpateException internal(String message, Throwable cause) {
    return new SpateException(ErrorClass.INTERNAL, message + " (this is a bug in Spate)", cause);
  }
}
