#!/usr/bin/env bash
# JMH microbenchmarks of the stores on JDK 25. Arguments go to JMH; the default run writes JSON.
# Examples:
#   ./run-benchmarks.sh                                   # every store, 1M states, resident and miss, with -prof gc
#   ./run-benchmarks.sh -p states=16000000 -p access=resident
#   ./run-benchmarks.sh DriverBenchmark                   # the harness itself: recording cost, 1M ops/s against a no-op store
#   ./run-benchmarks.sh -h                                # JMH's own options
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$root/bin/find-jdk.sh"
cd "$root"
jar=benchmarks/target/benchmarks.jar
# rebuilt when any module's main code or any pom changed since the jar was built (results/ is never looked at)
if [ ! -f "$jar" ] || [ -n "$(find . -path ./results -prune -o \( -path '*/src/main/*' -o -path './benchmarks/src/*' -o -name pom.xml \) -newer "$jar" -print -quit)" ]; then
  MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -q -B package -DskipTests -pl benchmarks -am
fi
mkdir -p results
if [ $# -eq 0 ]; then
  set -- -prof gc -rf json -rff "results/jmh-$(date +%Y%m%d-%H%M%S).json"
fi
if [ $# -gt 0 ] && [[ "$1" != -* ]]; then exec "$JAVA_HOME/bin/java" -jar "$jar" "$@"; fi
exec "$JAVA_HOME/bin/java" -jar "$jar" StoreBenchmark "$@"
