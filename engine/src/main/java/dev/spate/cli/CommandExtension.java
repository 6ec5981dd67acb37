package dev.spate.cli;

/**
 * A subcommand of {@code spate} that lives in another module, found through {@link
 * java.util.ServiceLoader} (for example {@code spate bench} in spate-benchmarks, which depends on
 * the engine and so cannot be named by it). Implementations have a public no-argument
 * constructor; {@link #command()} returns a new picocli command object on every call.
 */
public interface CommandExtension {
  /** The subcommand's name, e.g. {@code bench}. */
  String name();

  /** A picocli command object (annotated with {@code @Command}) for this subcommand. */
  Object command();
}
