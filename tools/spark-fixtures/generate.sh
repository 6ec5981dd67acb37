#!/usr/bin/env bash
# Regenerates engine/src/test/resources/ml with Apache Spark 4.0.1 (see README.md here).
set -euo pipefail
cd "$(dirname "$0")"
mvn -q -B compile dependency:build-classpath "$@"
# The module openings Spark 4 needs on JDK 17+ (Spark's own JavaModuleOptions).
OPENS=()
for package in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util \
    java.util.concurrent java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs \
    sun.security.action sun.util.calendar; do
  OPENS+=("--add-opens=java.base/${package}=ALL-UNNAMED")
done
java "${OPENS[@]}" -Djdk.reflect.useDirectMethodHandle=false -Xmx2g \
  -cp "target/classes:$(cat target/classpath.txt)" \
  dev.spate.tools.sparkfixtures.FraudFixtures ../../engine/src/test/resources/ml
