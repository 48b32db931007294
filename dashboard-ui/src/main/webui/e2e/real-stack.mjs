// The dashboard over the whole real chain (run by the e2e module's FleetE2ETest against `./traverse up`): an operator
// selects one VM, picks the infrastructure mapping, migrates it and watches every step to Migrated ✓ on a real
// OpenStack target, then resets both environments. A screenshot at each step makes the sequence in docs/images.
//   BASE_URL (default http://127.0.0.1:8080/), VM (the VM to migrate), MAPPING (the mapping's name),
//   SCREENSHOT_DIR, CHROMIUM (default /usr/bin/chromium), STEP_TIMEOUT_MS (default 15 min)
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import assert from 'node:assert/strict';

const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:8080/';
const VM = process.env.VM ?? 'DC0_C0_RP0_VM0';
const MAPPING = process.env.MAPPING;
const SHOTS = process.env.SCREENSHOT_DIR ?? 'target/screenshots-real';
const STEP_TIMEOUT = Number(process.env.STEP_TIMEOUT_MS ?? 900_000);
mkdirSync(SHOTS, { recursive: true });

const log = (...a) => console.log(`[real-stack ${new Date().toISOString().slice(11, 19)}]`, ...a);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
});
const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
page.setDefaultTimeout(60_000);
page.on('pageerror', e => log('PAGE ERROR', e.message));
page.on('console', m => { if (m.type() === 'error') log('console error:', m.text()); });
let n = 0;
const shot = async name => {
  const file = `${SHOTS}/real-${String(++n).padStart(2, '0')}-${name}.png`;
  await page.screenshot({ path: file });
  log('screenshot', file);
};
const row = () => page.locator(`[data-vm="${VM}"]`);
async function step(text) {
  await row().locator('[data-testid=step]', { hasText: text }).waitFor({ timeout: STEP_TIMEOUT });
  log(VM, '→', text);
}
const power = () => row().locator('.tv-power').getAttribute('aria-label');

try {
  await page.goto(BASE);
  await row().waitFor({ timeout: 120_000 });
  await page.getByText(/Live · auto-refresh/).waitFor({ timeout: 60_000 });
  assert.equal(await power(), 'powered on', `${VM} starts powered on`);
  await shot('initial');

  if (MAPPING) {
    const select = page.getByLabel('Infrastructure mapping for new migrations');
    await select.focus(); // the Monitor reads the mappings again on focus
    await page.waitForFunction(name => [...document.querySelectorAll('#monitor-mapping option')].some(o => o.textContent === `Mapping: ${name}`), MAPPING);
    await select.selectOption({ label: `Mapping: ${MAPPING}` });
  }
  await page.getByLabel(`Select ${VM}`, { exact: true }).check();
  await page.getByRole('button', { name: 'Migrate Selected (1)' }).click();
  await page.getByText(/Migration of 1 VM\(s\) started/).waitFor({ timeout: 30_000 });

  // warm, as the Monitor starts it: the VM stays green while its disk is pre-copied
  await step('Pre-copying disks…');
  assert.equal(await power(), 'powered on', 'the VM stays green during the pre-copy');
  await page.locator('.tv-inst.placeholder').first().waitFor();
  await shot('precopy');

  await step('Final cutover…');
  await page.waitForFunction(vm => document.querySelector(`[data-vm="${vm}"] .tv-power`)?.getAttribute('aria-label') === 'powered off',
    VM, { timeout: STEP_TIMEOUT });
  await shot('cutover');

  await step('Launching on OpenStack…');
  await shot('launching');

  await step('Migrated ✓');
  const inst = page.locator(`[data-instance="migrated-${VM}"]`);
  await inst.locator('.tv-status', { hasText: 'ACTIVE' }).waitFor({ timeout: 120_000 });
  // the source specs, the flavor flavor-service matched on the real target and the IP Neutron gave the port
  await inst.locator('.tv-inst-sub', { hasText: /1vCPU\/32MB → m1\.tiny \(1vCPU\/256MB\) · \d+\.\d+\.\d+\.\d+/ }).waitFor({ timeout: 120_000 });
  assert.equal(await page.getByLabel(`Select ${VM}`, { exact: true }).isDisabled(), true, 'a migrated VM cannot be selected again');
  await shot('migrated');
  // the migration's id, for the Java side's checks after the Reset (which archives it out of the lists)
  const listed = await page.evaluate(async vm => (await fetch(`/api/migrations?vm=${encodeURIComponent(vm)}&size=1`)).json(), VM);
  log('migration id', listed.items[0].id);

  await page.getByRole('tab', { name: 'Migration Timeline' }).click();
  await page.locator('table[aria-label="Timeline entries"] td', { hasText: /^MIGRATED$/ }).first().waitFor();
  await shot('timeline');
  await page.getByRole('tab', { name: 'Migration Monitor' }).click();

  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Reset both environments?').waitFor();
  await shot('reset-confirmation');
  await dialog.getByRole('button', { name: 'Reset', exact: true }).click();
  await row().locator('[data-testid=step]').waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
  await page.waitForFunction(vm => document.querySelector(`[data-vm="${vm}"] .tv-power`)?.getAttribute('aria-label') === 'powered on',
    VM, { timeout: STEP_TIMEOUT });
  await inst.waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
  await shot('after-reset');
  log('PASSED');
} catch (e) {
  await page.screenshot({ path: `${SHOTS}/FAILED-real-stack.png`, fullPage: true }).catch(() => {});
  log('FAILED', e.stack ?? e);
  process.exitCode = 1;
} finally {
  await browser.close();
}
