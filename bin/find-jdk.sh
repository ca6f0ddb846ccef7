# Sourced by the project's scripts: sets JAVA_HOME to a JDK 25 or newer, or exits with a clear error.
# Order: $JAVA_HOME if it is >= 25, else the newest JDK >= 25 under /usr/lib/jvm (Debian's place for JDKs).

rsgc_jdk_feature() {
  local home=$1 v=""
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  fi
  if [ -z "$v" ] && [ -x "$home/bin/java" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  fi
  echo "${v:-0}"
}

rsgc_find_jdk() {
  local required=25 seen="" best="" best_v=0 home v
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    v=$(rsgc_jdk_feature "$JAVA_HOME")
    if [ "$v" -ge "$required" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
      return 0
    fi
    seen="JAVA_HOME=$JAVA_HOME (JDK $v)"
  fi
  for home in /usr/lib/jvm/*; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    [ -L "$home" ] && continue
    v=$(rsgc_jdk_feature "$home")
    seen="${seen:+$seen, }$home (JDK $v)"
    if [ "$v" -ge "$required" ] && [ "$v" -gt "$best_v" ]; then
      best=$home
      best_v=$v
    fi
  done
  if [ -z "$best" ]; then
    echo "error: readstates-gc needs a JDK $required or newer (FFM, generational ZGC, compact object headers)." >&2
    echo "       found: ${seen:-no JDK under /usr/lib/jvm and no JAVA_HOME}." >&2
    echo "       install one (e.g. Temurin 25 under /usr/lib/jvm) or set JAVA_HOME to it." >&2
    exit 2
  fi
  export JAVA_HOME=$best
}

rsgc_find_jdk
export PATH="$JAVA_HOME/bin:$PATH"
