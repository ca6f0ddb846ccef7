# Sourced by run-tests.sh and .ci/run: installs the Debian packages the tests use for real when
# they are missing — redis-server (the Redis store runs against a real server) and Chromium with
# ChromeDriver (the report is opened in a headless browser). Needs root and apt; without them it
# says what is missing, and the Redis tests fail with the same advice while the browser test skips.
rsgc_ensure_test_packages() {
  local missing=()
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing test packages: ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "warning: missing test packages (${missing[*]}); install them with: sudo apt-get install ${missing[*]}" >&2
  fi
}
rsgc_ensure_test_packages
