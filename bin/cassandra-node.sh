#!/usr/bin/env bash
# A single Apache Cassandra 5.0 node on 127.0.0.1, for tests and for users without a cluster.
#
#   bin/cassandra-node.sh start [DIR]    start (or reuse) a node whose data lives in DIR
#   bin/cassandra-node.sh stop [DIR]     stop it (data stays; start again to reopen it)
#   bin/cassandra-node.sh status [DIR]   running or not
#
# DIR defaults to target/cassandra-node. Ports: CASSANDRA_NATIVE_PORT (CQL, default 9042) and
# CASSANDRA_STORAGE_PORT (default 7000). The node's jars come from Maven Central (cassandra-node/pom.xml);
# it runs on JDK 17 (Cassandra 5.0's newest supported; on JDK 25 it fails for want of the
# SecurityManager), with the JPMS flags of Cassandra's own conf/jvm17-server.options, -Xmx1g.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cmd=${1:-}
dir=$(mkdir -p "${2:-$root/target/cassandra-node}" && cd "${2:-$root/target/cassandra-node}" && pwd)
native_port=${CASSANDRA_NATIVE_PORT:-9042}
storage_port=${CASSANDRA_STORAGE_PORT:-7000}
pidfile="$dir/cassandra.pid"

find_jdk17() {
  local home v
  for home in /usr/lib/jvm/*; do
    [ -f "$home/release" ] || continue
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
    if [ "$v" = 17 ] && [ -x "$home/bin/java" ]; then echo "$home"; return 0; fi
  done
  echo "error: Cassandra 5.0 needs a JDK 17 (looked under /usr/lib/jvm); install openjdk-17-jdk-headless" >&2
  return 1
}

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

cql_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$native_port") 2>/dev/null; }

write_config() {
  mkdir -p "$dir/conf" "$dir/data" "$dir/commitlog" "$dir/hints" "$dir/saved_caches" "$dir/cdc_raw"
  cat > "$dir/conf/cassandra.yaml" <<YAML
cluster_name: readstates-gc
num_tokens: 1
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
commitlog_sync: periodic
commitlog_sync_period: 10000ms
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "127.0.0.1:$storage_port"
listen_address: 127.0.0.1
rpc_address: 127.0.0.1
storage_port: $storage_port
native_transport_port: $native_port
start_native_transport: true
endpoint_snitch: SimpleSnitch
data_file_directories: [$dir/data]
commitlog_directory: $dir/commitlog
hints_directory: $dir/hints
saved_caches_directory: $dir/saved_caches
cdc_raw_directory: $dir/cdc_raw
authenticator: AllowAllAuthenticator
authorizer: AllowAllAuthorizer
YAML
  cat > "$dir/conf/logback.xml" <<XML
<configuration>
  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
    <file>$dir/system.log</file>
    <encoder><pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="FILE"/></root>
</configuration>
XML
}

classpath() {
  local cp="$root/cassandra-node/target/classpath.txt"
  if [ ! -s "$cp" ]; then
    echo "resolving Cassandra's jars from Maven Central (first start only)" >&2
    mvn -q -B -f "$root/cassandra-node/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp" >&2
  fi
  cat "$cp"
}

start() {
  if running; then
    echo "cassandra already running (pid $(cat "$pidfile")), CQL on 127.0.0.1:$native_port"
    return 0
  fi
  local jdk; jdk=$(find_jdk17)
  write_config
  local cp; cp=$(classpath)
  "$jdk/bin/java" -Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=300 \
    -Djava.net.preferIPv4Stack=true -Dcassandra-foreground=yes \
    -Dcassandra.config="file://$dir/conf/cassandra.yaml" -Dlogback.configurationFile="$dir/conf/logback.xml" \
    -Dcassandra.storagedir="$dir" -Dcassandra.jmx.local.port=0 -Dcassandra.skip_wait_for_gossip_to_settle=0 \
    -Djdk.attach.allowAttachSelf=true -Dio.netty.tryReflectionSetAccessible=true \
    --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
    --add-exports java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED \
    --add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED --add-exports java.rmi/sun.rmi.server=ALL-UNNAMED \
    --add-exports java.sql/java.sql=ALL-UNNAMED --add-exports java.base/java.lang.ref=ALL-UNNAMED \
    --add-exports jdk.unsupported/sun.misc=ALL-UNNAMED --add-exports jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED \
    --add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED \
    --add-opens java.base/java.lang.module=ALL-UNNAMED --add-opens java.base/jdk.internal.loader=ALL-UNNAMED \
    --add-opens java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/jdk.internal.reflect=ALL-UNNAMED \
    --add-opens java.base/jdk.internal.math=ALL-UNNAMED --add-opens java.base/jdk.internal.module=ALL-UNNAMED \
    --add-opens java.base/jdk.internal.util.jar=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED \
    --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED \
    --add-opens java.base/java.lang.reflect=ALL-UNNAMED --add-opens jdk.compiler/com.sun.tools.javac=ALL-UNNAMED \
    --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED \
    -cp "$cp" org.apache.cassandra.service.CassandraDaemon > "$dir/stdout.log" 2>&1 &
  echo $! > "$pidfile"
  local deadline=$((SECONDS + 180))
  until cql_port_open && grep -q "Startup complete" "$dir/system.log" 2>/dev/null; do
    if ! running; then
      echo "error: cassandra exited during start-up; last lines of $dir/stdout.log and system.log:" >&2
      tail -n 15 "$dir/stdout.log" "$dir/system.log" >&2 2>/dev/null || true
      rm -f "$pidfile"
      return 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "error: cassandra did not accept CQL on 127.0.0.1:$native_port within 180 s (see $dir/system.log)" >&2
      stop
      return 1
    fi
    sleep 1
  done
  echo "cassandra running (pid $(cat "$pidfile")), CQL on 127.0.0.1:$native_port, data in $dir"
}

stop() {
  if ! running; then
    rm -f "$pidfile"
    echo "cassandra not running"
    return 0
  fi
  local pid; pid=$(cat "$pidfile")
  kill "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  rm -f "$pidfile"
  echo "cassandra stopped"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "running (pid $(cat "$pidfile"))"; else echo "not running"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|status [DATA_DIR]" >&2; exit 2 ;;
esac
