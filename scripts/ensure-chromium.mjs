// Makes sure Debian's Chromium is there for the end-to-end tests: installs it with apt when
// running as root on a Debian-like machine, otherwise says exactly what to do.
import { execSync } from 'node:child_process';
import fs from 'node:fs';

const binary = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
if (!fs.existsSync(binary)) {
  const canApt = process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get');
  if (!canApt) {
    console.error(
      `Chromium is missing at ${binary}. Install it (Debian: sudo apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
    process.exit(1);
  }
  console.log('Installing Debian chromium for the end-to-end tests (one time)...');
  execSync(
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null',
    { stdio: 'inherit', shell: '/bin/bash' },
  );
}
