// Makes sure Debian's Firefox ESR is there for the Firefox smoke test: installs it with apt when
// running as root on a Debian-like machine, otherwise says exactly what to do (as
// ensure-chromium.mjs does for Chromium).
import { execSync } from 'node:child_process';
import fs from 'node:fs';

const binary = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
if (!fs.existsSync(binary)) {
  const canApt = process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get');
  if (!canApt) {
    console.error(
      `Firefox ESR is missing at ${binary}. Install it (Debian: sudo apt-get install -y firefox-esr) or set FIREFOX_PATH.`,
    );
    process.exit(1);
  }
  console.log('Installing Debian firefox-esr for the end-to-end tests (one time)...');
  execSync(
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq firefox-esr >/dev/null',
    { stdio: 'inherit', shell: '/bin/bash' },
  );
}
