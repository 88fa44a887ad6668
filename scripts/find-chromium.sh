# Sourced by scripts/test.sh: exports CHROMIUM_PATH for Playwright, or explains what to install.
# Order: $CHROMIUM_PATH, Debian/Ubuntu's chromium, Google Chrome, Playwright's own download.
find_chromium() {
  local candidate
  for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome /usr/bin/google-chrome-stable; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
      echo "$candidate"
      return 0
    fi
  done
  candidate=$(node -e "try{const p=require('playwright').chromium.executablePath();if(require('fs').existsSync(p))console.log(p)}catch{}" 2>/dev/null)
  if [ -n "$candidate" ]; then
    echo "$candidate"
    return 0
  fi
  return 1
}

if CHROMIUM_PATH=$(find_chromium); then
  export CHROMIUM_PATH
  echo "Using Chromium at $CHROMIUM_PATH"
else
  cat >&2 <<'MSG'
No Chromium found for the end-to-end tests. Install one of:
  - Debian/Ubuntu:  sudo apt-get install -y chromium
  - anywhere Playwright can download:  npx playwright install chromium
  - or point to an existing Chrome/Chromium:  CHROMIUM_PATH=/path/to/chrome npm test
MSG
  exit 1
fi
