#!/usr/bin/env bash
# Runs the test suite on JDK 25 (found by bin/find-jdk.sh). Extra arguments go to Maven,
# e.g. ./run-tests.sh -pl implementations, or ./run-tests.sh -Dtest=StoreConformanceTest.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$root/bin/find-jdk.sh"
. "$root/bin/ensure-test-packages.sh"
cd "$root"
echo "running tests with $JAVA_HOME"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
exec mvn -B verify "$@"
