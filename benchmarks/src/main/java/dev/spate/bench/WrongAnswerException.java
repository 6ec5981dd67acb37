package dev.spate.bench;

/** A query produced an answer that differs from its reference: a fast wrong result is a failure. */
public final class WrongAnswerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WrongAnswerException(String message) {
    super(message);
  }
}
