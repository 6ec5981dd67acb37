package dev.spate.differential;

/** {@link DuckDbDifferentialTest} with {@code spate.codegen.enabled=false}. */
class DuckDbDifferentialInterpretedTest extends DuckDbDifferentialTest {
  @Override
  boolean codegenEnabled() {
    return false;
  }
}
