// Browser tests of the Migration Monitor, run by MigrationMonitorBrowserTest (Maven) against the real gateway and
// migration-api: Debian's chromium driven by playwright-core (no browser download). SCENE picks what to run.
//   BASE_URL, SCENE (monitor | wizards | csv | scale | keyboard | login), SCREENSHOT_DIR, CHROMIUM (default /usr/bin/chromium)
//   login only: VIEWER and ADMIN as user:password of the identity provider's test realm
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import assert from 'node:assert/strict';

const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:8080/';
const SCENE = process.env.SCENE ?? 'monitor';
const SHOTS = process.env.SCREENSHOT_DIR ?? 'target/screenshots';
const STEP_TIMEOUT = 180_000;
mkdirSync(SHOTS, { recursive: true });

const log = (...a) => console.log(`[e2e ${SCENE} ${new Date().toISOString().slice(11, 19)}]`, ...a);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
page.setDefaultTimeout(60_000);
page.on('pageerror', e => log('PAGE ERROR', e.message));
page.on('console', m => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) log('console error:', m.text()); });
page.on('response', r => { if (r.status() >= 400) log('HTTP', r.status(), r.request().method(), new URL(r.url()).pathname); });
const shot = async (name, full = false) => { await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: full }); log('screenshot', name); };

try {
  if (SCENE === 'monitor') await monitor();
  else if (SCENE === 'wizards') await wizards();
  else if (SCENE === 'csv') await csv();
  else if (SCENE === 'scale') await scale();
  else if (SCENE === 'keyboard') await keyboard();
  else if (SCENE === 'login') await login();
  else throw new Error(`unknown SCENE ${SCENE}`);
  log('PASSED');
} catch (e) {
  await shot(`FAILED-${SCENE}`, true).catch(() => {});
  log('FAILED', e.stack ?? e);
  process.exitCode = 1;
} finally {
  await browser.close();
}

async function open(hash = '') {
  await page.goto(BASE + hash);
  await page.getByTestId('brand-product').waitFor();
  if (!hash) await page.locator('[data-vm]').first().waitFor({ timeout: 120_000 });
  await page.getByText(/Live · auto-refresh/).waitFor({ timeout: 30_000 }); // the SSE stream is connected through the gateway
}

async function stepOf(vm, text) {
  await page.locator(`[data-vm="${vm}"] [data-testid=step]`, { hasText: text }).waitFor({ timeout: STEP_TIMEOUT });
  log(vm, '→', text);
}

function power(vm) { return page.locator(`[data-vm="${vm}"] .tv-power`).getAttribute('aria-label'); }

async function monitor() {
  await open();
  assert.equal(await page.getByTestId('brand-product').textContent(), 'FFP');
  assert.equal(await page.getByTestId('brand-title').textContent(), 'Migration Monitor');
  const total = await page.locator('[data-vm]').count();
  log(total, 'VMs in the left pane');
  await shot('01-monitor-initial');

  const migrate = page.getByRole('button', { name: /^Migrate Selected/ });
  assert.equal(await migrate.isDisabled(), true, 'Migrate Selected is disabled with nothing selected');
  await existingWorkloadsShown();

  const cluster = page.getByRole('group', { name: /^Cluster / }).first();
  const names = [];
  for (const row of await cluster.locator('[data-vm]').all()) {
    if (names.length === 2) break;
    if (await row.locator('input[type=checkbox]').isEnabled()) names.push(await row.getAttribute('data-vm'));
  }
  assert.equal(names.length, 2, 'two powered-on VMs to migrate');
  for (const n of names) await page.getByLabel(`Select ${n}`, { exact: true }).check();
  await page.getByRole('button', { name: 'Migrate Selected (2)' }).waitFor();
  assert.equal(await migrate.isEnabled(), true);
  const t0 = Date.now();
  await migrate.click();
  await page.getByText(/Migration of 2 VM\(s\) started/).waitFor({ timeout: 10_000 });
  log('started in', Date.now() - t0, 'ms');
  assert.equal(await page.getByRole('button', { name: 'Wave 1' }).isDisabled(), true, 'waves are disabled while a migration runs');

  const [a, b] = names;
  await stepOf(a, 'Pre-copying disks…');
  assert.equal(await power(a), 'powered on', 'the VM stays green during the pre-copy');
  await page.locator(`[data-vm="${a}"] .tv-pulse`).waitFor();
  await page.locator(`[data-vm="${a}"] .tv-bytes`, { hasText: 'ETA' }).waitFor({ timeout: STEP_TIMEOUT });
  await page.locator('.tv-inst.placeholder', { hasText: 'Pre-copying from VMware…' }).first().waitFor();
  await shot('02-monitor-precopy');

  await stepOf(a, 'Final cutover…');
  await page.waitForFunction(vm => document.querySelector(`[data-vm="${vm}"] .tv-power`)?.getAttribute('aria-label') === 'powered off', a, { timeout: 30_000 });
  await shot('03-monitor-cutover');

  await stepOf(a, 'Launching on OpenStack…');
  // the seed's flavor line, the size of the flavor the real flavor-service matched read from its catalogue
  const line = `${a} 1vCPU/32MB Launching on OpenStack… → m1.tiny (1vCPU/256MB)`;
  await page.waitForFunction(([vm, want]) => document.querySelector(`[data-vm="${vm}"]`)?.innerText.replace(/\s+/g, ' ').trim() === want,
    [a, line], { timeout: 30_000 }).catch(async e => {
    throw new Error(`the row of ${a} reads "${(await page.locator(`[data-vm="${a}"]`).innerText()).replace(/\s+/g, ' ')}", not "${line}": ${e.message}`);
  });
  log('flavor line:', line);
  await page.locator(`[data-instance="migrated-${a}"] .tv-status`, { hasText: 'BUILD' }).waitFor({ timeout: 30_000 });
  await shot('04-monitor-launching');

  await stepOf(a, 'Migrated ✓');
  await stepOf(b, 'Migrated ✓');
  await page.locator(`[data-instance="migrated-${a}"] .tv-status`, { hasText: 'ACTIVE' }).waitFor();
  // the source specs, the matched flavor and the IP (the IP arrives with the full view, just after the state)
  await page.locator(`[data-instance="migrated-${a}"] .tv-inst-sub`, { hasText: /1vCPU\/32MB → m1\.tiny \(1vCPU\/256MB\) · 10\.20\.0\.\d+/ }).waitFor();
  await page.getByTestId('progress-count').filter({ hasText: `2/${total}` }).waitFor();
  assert.equal(await page.getByLabel(`Select ${a}`, { exact: true }).isDisabled(), true, 'a migrated VM (powered off) cannot be selected again');
  await shot('05-monitor-migrated');
  await context.newPage().then(async big => {
    await big.setViewportSize({ width: 1920, height: 1080 });
    await big.goto(BASE);
    await big.locator(`[data-vm="${a}"] [data-testid=step]`, { hasText: 'Migrated ✓' }).waitFor({ timeout: 60_000 });
    await big.screenshot({ path: `${SHOTS}/05b-monitor-migrated-1920.png` });
    await big.close();
  });

  await page.getByRole('tab', { name: 'Migration Timeline' }).click();
  await page.locator('table[aria-label="Timeline entries"] td', { hasText: /^MIGRATED$/ }).first().waitFor();
  await shot('06-timeline');
  await page.getByRole('tab', { name: 'Infrastructure Topology' }).click();
  await page.getByText(/^Cluster /).first().waitFor();
  await shot('07-topology', true);
  await page.getByRole('tab', { name: 'Network Mapping' }).click();
  await page.getByTestId('unmapped-count').waitFor();
  await shot('08-network-mapping');
  await page.getByRole('tab', { name: 'Posture' }).click();
  await page.getByTestId('posture-overall').waitFor();
  await shot('09-posture');
  await page.getByRole('tab', { name: 'Migration Monitor' }).click();

  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Reset both environments?').waitFor();
  await shot('10-reset-confirmation');
  await dialog.getByRole('button', { name: 'Reset', exact: true }).click();
  await page.getByTestId('progress-count').filter({ hasText: `0/${total}` }).waitFor({ timeout: 60_000 });
  await page.locator(`[data-vm="${a}"] [data-testid=step]`).waitFor({ state: 'detached', timeout: 60_000 });
  await page.waitForFunction(vm => document.querySelector(`[data-vm="${vm}"] .tv-power`)?.getAttribute('aria-label') === 'powered on', a, { timeout: 90_000 });
  assert.equal(await page.getByLabel(`Select ${a}`, { exact: true }).isEnabled(), true, 'after Reset the VM can be selected again');
  await shot('11-monitor-after-reset');
}

// The right pane's existing workloads: the OpenStack testbed's seeded VDI desktops (launch-service, for real), dimmed,
// protected, with their flavor's size; the OpenStack card counts them.
async function existingWorkloadsShown() {
  for (const vdi of ['ffp-vdi-01', 'ffp-vdi-02']) {
    const row = page.locator(`[data-existing="${vdi}"]`);
    await row.waitFor({ timeout: 120_000 }); // launch-service's first read of Nova can take a while on a busy machine
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /ACTIVE/, `${vdi}: ${text}`);
    assert.match(text, /m1\.small \(2vCPU\/2GB\)/, `${vdi} shows its flavor: ${text}`);
    assert.match(text, /protected/, `${vdi} is marked protected: ${text}`);
    const opacity = Number(await row.evaluate(el => getComputedStyle(el).opacity));
    assert.ok(opacity < 1, `${vdi} is dimmed (opacity ${opacity})`);
  }
  const existing = await page.locator('[data-existing]').count();
  assert.match(await page.locator('.tv-card.violet').innerText(), new RegExp(`\\+ ${existing} existing`), 'the OpenStack card counts them');
  log(existing, 'existing workloads on the target, the VDI desktops protected');
}

async function wizards() {
  await open('#/overview');
  await page.getByRole('button', { name: 'Create Infrastructure Mapping' }).click();
  const wiz = page.getByRole('dialog');
  await wiz.getByLabel('Name').fill('Lab mapping');
  await wiz.getByRole('button', { name: 'Next', exact: true }).click();
  for (const [kind, target] of [['clusters', 'nova'], ['datastores', '__DEFAULT__'], ['networks', 'frontier-net']]) {
    const boxes = wiz.locator(`fieldset[aria-label="Source ${kind}"] input[type=checkbox]`);
    await boxes.first().waitFor();
    for (const box of await boxes.all()) await box.check();
    await wiz.getByLabel(`Target for the selected ${kind}`).fill(target);
    await wiz.getByRole('button', { name: 'Add mapping' }).click();
    await wiz.locator(`ul[aria-label="${kind} mappings"] li`).first().waitFor();
    if (kind === 'networks') await shot('20-mapping-wizard-networks');
    await wiz.getByRole('button', { name: kind === 'networks' ? 'Create' : 'Next', exact: true }).click();
  }
  const created = wiz.getByText('Infrastructure mapping Lab mapping created');
  const refused = wiz.getByText('The mapping was not created');
  await created.or(refused).waitFor();
  if (await refused.isVisible() && (await wiz.textContent()).includes('in the vCenter inventory')) {
    log('KNOWN ISSUE (migration-api, issue 7): its inventory client finds no cluster/datastore/port group in',
      "discovery-service's topology (it reads them at the top level, discovery-service nests them per datacenter);",
      'creating the mapping with the inventory check off, as an admin can');
    await shot('21a-mapping-wizard-refused');
    await wiz.getByLabel(/Do not check the source names/).check();
    await wiz.getByRole('button', { name: 'Create', exact: true }).click();
    await created.waitFor();
  }
  await shot('21-mapping-wizard-results');
  await wiz.getByRole('button', { name: 'Continue to the Migration Plan wizard' }).click();

  await page.getByRole('dialog').getByText('Create Migration Plan').first().waitFor();
  const plan = page.getByRole('dialog');
  await plan.locator('#plan-name').fill('Lab plan');
  assert.notEqual(await plan.locator('#plan-mapping').inputValue(), '', 'the mapping just created is preselected');
  await plan.getByRole('button', { name: 'Next', exact: true }).click();
  const table = plan.locator('table[aria-label="VMs to migrate"]');
  await table.locator('tbody tr').first().waitFor();
  const pick = (await table.locator('tbody tr td:nth-child(2)').allTextContents()).filter(n => /_C1_/.test(n)).slice(0, 4);
  assert.equal(pick.length, 4, 'four VMs of the second cluster');
  await plan.getByPlaceholder('Search VMs by name').fill('_C1_');
  for (const n of pick.slice(0, 2)) await plan.getByLabel(`Select ${n}`, { exact: true }).check();
  await plan.getByText('2 selected').waitFor();
  await shot('22-plan-wizard-vms');
  await plan.getByRole('button', { name: 'Next', exact: true }).click();
  await plan.getByText(/2 VM\(s\) in plan Lab plan/).waitFor();
  await shot('23-plan-wizard-advanced');
  await plan.getByRole('button', { name: 'Migrate', exact: true }).click();
  await plan.getByText('Plan Lab plan created and in progress').waitFor();
  await shot('24-plan-wizard-results');
  await plan.getByRole('button', { name: 'Close', exact: true }).last().click();

  const card = col => page.locator(`[aria-label="${col} plans"]`);
  await card('In progress').locator('[data-plan="Lab plan"]').or(card('Queued').locator('[data-plan="Lab plan"]')).first().waitFor();
  await shot('25-overview-in-progress');
  await card('Completed').locator('[data-plan="Lab plan"]').waitFor({ timeout: STEP_TIMEOUT });
  await shot('26-overview-completed');

  const res = await page.request.post(`${BASE}api/admin/reset`);
  assert.equal(res.status(), 200);
}

// A plan from a CSV file with a bad line: the line is reported and nothing is imported; then the fixed file is.
async function csv() {
  await open('#/overview');
  await page.getByRole('button', { name: 'Create Migration Plan' }).click();
  const plan = page.getByRole('dialog');
  await plan.locator('#plan-name').fill('CSV plan');
  await plan.getByRole('button', { name: 'Next', exact: true }).click();
  const table = plan.locator('table[aria-label="VMs to migrate"]');
  await table.locator('tbody tr').first().waitFor();
  const pick = (await table.locator('tbody tr td:nth-child(2)').allTextContents()).filter(n => /_C1_/.test(n)).slice(2, 4);
  const csvArea = plan.locator('.pf-v6-c-file-upload textarea');
  await csvArea.fill(`name\n${pick[0]}\nNO_SUCH_VM\n`);
  await plan.getByRole('button', { name: 'Next', exact: true }).click();
  const lineError = plan.getByText(/line 3: no VM named 'NO_SUCH_VM'/);
  const noInventory = plan.getByText(/inventory is not reachable/).first();
  await lineError.or(noInventory).waitFor();
  if (await noInventory.isVisible()) {
    // migration-api reads discovery-service's inventory for the import (fixed in 67e258a): a failure now, not a skip
    await shot('27a-plan-wizard-no-inventory');
    throw new Error('CSV import could not read the inventory: ' + await noInventory.textContent());
  }
  await shot('27-plan-wizard-csv-error');
  await csvArea.fill(`name\n${pick[0]}\n${pick[1]}\n`);
  await plan.getByRole('button', { name: 'Next', exact: true }).click();
  await plan.getByText(/2 VM\(s\) in plan CSV plan/).waitFor();
  await plan.getByRole('button', { name: 'Close wizard' }).click();
}

// The real page with a synthetic fleet of 1,000 VMs (4 clusters) and 300 migrations in every state, served by the
// test in place of the two list endpoints: how long the first render takes, and how long a click takes to show.
async function scale() {
  const STATES = ['QUEUED', 'DISCOVERING', 'SIZING', 'MAPPING', 'PRECOPYING', 'CUTTING_OVER', 'CONVERTING', 'LAUNCHING', 'MIGRATED', 'FAILED'];
  const vms = Array.from({ length: 1000 }, (_, i) => ({
    id: `vm-${5000 + i}`, name: `APP_CL${i % 4}_VM${i}`, powerState: i % 17 === 0 ? 'POWERED_OFF' : 'POWERED_ON', datacenter: 'DC0',
    cluster: `CL${i % 4}`, host: `CL${i % 4}_H${i % 8}`, vcpus: 1 + (i % 4), memoryMb: 1024 * (1 + (i % 8)), guestId: 'rhel9_64Guest',
    guestFullName: 'Red Hat Enterprise Linux 9', disks: 1, diskBytes: 40 * 2 ** 30, nics: 1, cbtEnabled: true,
  }));
  const now = new Date().toISOString();
  const migrations = vms.filter(v => v.powerState === 'POWERED_ON').slice(0, 300).map((v, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, planId: null, wave: 1, jobId: null, vmId: v.id, vmName: v.name,
    mode: 'WARM', state: STATES[i % STATES.length], phaseDetail: null, failure: i % 10 === 9 ? 'Nova: No valid host was found' : null,
    source: { vcpus: v.vcpus, memoryMb: v.memoryMb, diskBytes: v.diskBytes },
    target: { flavor: 'm2.4', instanceName: `migrated-${v.name}`, ipAddresses: ['10.30.0.' + (i % 250)] },
    sync: { round: 1, inFlight: true, cutoverRound: false, bytesTransferred: (i * 7919) % (40 * 2 ** 30), bytesTotal: 40 * 2 ** 30,
      lastRoundBytes: null, lastRoundSeconds: null, throughputBytesPerSecond: 150 * 2 ** 20, dirtyRateBytesPerSecond: null },
    cutover: { policy: 'NOW', scheduledAt: null, requested: false, reason: null, predictedDowntimeSeconds: null },
    retry: { attempts: 0, maxAttempts: 3, nextAction: null, nextActionAt: null }, requestedBy: 'scale-test',
    createdAt: now, admittedAt: now, updatedAt: now, finishedAt: null, version: 1,
  }));
  await page.route(u => u.pathname === '/api/inventory/vms', r => r.fulfill({ json: { items: vms, page: 0, size: 1000, total: vms.length } }));
  await page.route(u => u.pathname === '/api/migrations', r => r.fulfill({ json: { items: migrations, page: 0, size: 500, total: migrations.length } }));
  await page.setViewportSize({ width: 1920, height: 1080 });
  const t0 = Date.now();
  await page.goto(BASE);
  await page.locator('[data-vm]').nth(999).waitFor({ timeout: 60_000 });
  const firstRender = Date.now() - t0;
  log('first render of 1,000 VMs and 300 migrations:', firstRender, 'ms');
  const clickMs = await page.evaluate(async () => {
    const box = document.querySelector('input[aria-label="Select all powered-on VMs in CL1"]');
    const t = performance.now();
    box.click();
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
    return performance.now() - t;
  });
  const label = await page.getByRole('button', { name: /^Migrate Selected/ }).textContent();
  log('Select All of a 250-VM cluster shown after', Math.round(clickMs), 'ms:', label);
  assert.match(label, /Migrate Selected \((1[5-9]\d|2\d\d)\)/);
  await shot('30-monitor-1000-vms-1920');
  assert.ok(firstRender < 30_000, `first render took ${firstRender} ms`);
  // generous: CI shares 2 cores with the rest of the build; a page that re-rendered every row took several seconds
  assert.ok(clickMs < 3_000, `a click took ${clickMs} ms to show`);
}

// ---------------------------------------------------------------- keyboard only, and accessible names

/** What has the focus: its accessible name as the page states it (aria-label, label, text) and its role. */
async function focused() {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { name: '', role: '', tag: 'BODY' };
    const byFor = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`)?.textContent : null;
    const label = el.getAttribute('aria-label') || byFor || el.textContent || '';
    return { name: label.replace(/\s+/g, ' ').trim(), role: el.getAttribute('role') ?? el.tagName.toLowerCase(), tag: el.tagName,
      disabled: el.disabled === true || el.getAttribute('aria-disabled') === 'true' };
  });
}

/** Presses Tab (or Shift+Tab) until the focused control's name matches, as a keyboard user would; fails after max presses. */
async function tabTo(match, { back = false, max = 120 } = {}) {
  const is = f => (typeof match === 'string' ? f.name === match : match.test(f.name));
  const now = await focused();
  if (is(now)) return now; // e.g. a closed dialog gave the focus back to the button that opened it
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused();
    if (is(f)) return f;
    seen.push(f.name || `<${f.tag}>`);
  }
  throw new Error(`${back ? 'Shift+Tab' : 'Tab'} never reached ${match}; focus went through: ${seen.slice(-25).join(' | ')}`);
}

/**
 * Every control the accessibility tree exposes (what a screen reader announces: chromium's computed names) has a
 * name. Returns the nameless ones as "role (html)".
 */
async function namelessControls(where) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const CONTROLS = new Set(['button', 'checkbox', 'textbox', 'searchbox', 'combobox', 'slider', 'spinbutton', 'tab', 'link',
    'menuitem', 'menuitemcheckbox', 'radio', 'switch', 'listbox', 'option', 'treeitem']);
  const bad = [];
  for (const n of nodes) {
    const role = n.role?.value;
    if (n.ignored || !CONTROLS.has(role)) continue;
    if (!(n.name?.value ?? '').trim()) {
      let html = '';
      if (n.backendDOMNodeId) {
        const { outerHTML } = await cdp.send('DOM.getOuterHTML', { backendNodeId: n.backendDOMNodeId }).catch(() => ({ outerHTML: '?' }));
        html = outerHTML.slice(0, 160);
      }
      bad.push(`${role} ${html}`);
    }
  }
  await cdp.detach();
  log(`accessible names on ${where}:`, nodes.length, 'nodes,', bad.length, 'nameless controls');
  return bad.map(b => `${where}: ${b}`);
}

// Select VMs (a cluster's Select All, then single VMs), start a migration, visit every tab, Reset with its
// confirmation: all with the keyboard. And on every screen it passes, every control has an accessible name.
async function keyboard() {
  await open();
  const nameless = [];
  nameless.push(...await namelessControls('Migration Monitor'));
  const total = await page.locator('[data-vm]').count();

  // Select All of the first cluster with Space, and again to clear it
  const clusters = await page.locator('[role=group][aria-label^="Cluster "]').evaluateAll(gs => gs.map(g => g.getAttribute('aria-label').slice(8)));
  await tabTo(`Select all powered-on VMs in ${clusters[0]}`);
  await page.keyboard.press('Space');
  const selectable0 = await page.locator(`[role=group][aria-label="Cluster ${clusters[0]}"] [data-vm] input[type=checkbox]:not([disabled])`).count();
  await page.getByRole('button', { name: `Migrate Selected (${selectable0})` }).waitFor();
  log('Space on Select All of', clusters[0], '→', selectable0, 'selected');
  await shot('12-keyboard-select-all');
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Migrate Selected (0)' }).waitFor();

  // two single VMs of the second cluster
  const rows = page.locator(`[role=group][aria-label="Cluster ${clusters[1]}"] [data-vm]`);
  const names = [];
  for (const row of await rows.all()) {
    if (names.length === 2) break;
    if (await row.locator('input[type=checkbox]').isEnabled()) names.push(await row.getAttribute('data-vm'));
  }
  for (const n of names) {
    await tabTo(`Select ${n}`);
    await page.keyboard.press('Space');
  }
  await page.getByRole('button', { name: 'Migrate Selected (2)' }).waitFor();
  const migrate = await tabTo('Migrate Selected (2)', { back: true, max: 200 });
  assert.equal(migrate.disabled, false);
  await shot('13-keyboard-migrate-focused');
  await page.keyboard.press('Enter');
  await page.getByText(/Migration of 2 VM\(s\) started/).waitFor({ timeout: 15_000 });
  await stepOf(names[0], /Pre-copying disks…|Copying disks…|Discovering…|Matching flavor…|Mapping networks…|Queued…/);
  log('migration of', names.join(', '), 'started with Enter');

  // every tab, with the keyboard (back up to the tab bar, then along it); each screen's controls named
  for (const tab of ['Plans & Mappings', 'Network Mapping', 'Infrastructure Topology', 'Migration Timeline', 'Posture']) {
    await tabTo(tab, tab === 'Plans & Mappings' ? { back: true, max: 200 } : { max: 6 });
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: tab, selected: true }).waitFor();
    await page.waitForTimeout(300); // the view's first data
    nameless.push(...await namelessControls(tab));
    log('tab', tab, 'opened with Enter');
  }
  await shot('14-keyboard-posture');
  await tabTo('Migration Monitor', { back: true, max: 20 });
  await page.keyboard.press('Enter');
  await page.locator('[data-vm]').first().waitFor();

  // Reset: Enter opens the confirmation, Escape closes it, Enter again and the dialog's Reset confirms
  await tabTo('Reset', { max: 40 });
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Reset both environments?').waitFor();
  nameless.push(...await namelessControls('Reset confirmation'));
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  const back = await focused();
  log('Escape closed the confirmation; focus is on', back.name || back.tag);
  await tabTo('Reset', { back: true, max: 80 });
  await page.keyboard.press('Enter');
  await dialog.getByText('Reset both environments?').waitFor();
  const inDialog = await tabTo('Reset', { max: 10 });
  assert.ok(await page.evaluate(() => !!document.activeElement?.closest('[role=dialog]')), 'the focus stays in the dialog');
  await shot('15-keyboard-reset-confirmation');
  log('focus on the dialog\'s', inDialog.name);
  await page.keyboard.press('Enter');
  await page.getByText(/Reset: \d+ migration\(s\) rolled back/).waitFor({ timeout: 60_000 });
  await page.getByTestId('progress-count').filter({ hasText: `0/${total}` }).waitFor({ timeout: 60_000 });
  await page.locator(`[data-vm="${names[0]}"] [data-testid=step]`).waitFor({ state: 'detached', timeout: 90_000 });
  log('Reset confirmed with the keyboard');

  // the wizards' controls, opened with the keyboard too
  await tabTo('Plans & Mappings', { back: true, max: 200 });
  await page.keyboard.press('Enter');
  await tabTo('Create Migration Plan', { max: 40 });
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').locator('#plan-name').waitFor();
  nameless.push(...await namelessControls('Migration Plan wizard'));
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await tabTo('Create Infrastructure Mapping', { back: true, max: 100 });
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').getByLabel('Name').waitFor();
  nameless.push(...await namelessControls('Infrastructure Mapping wizard'));
  await page.keyboard.press('Escape');

  assert.deepEqual(nameless, [], 'controls without an accessible name');
}

// ---------------------------------------------------------------- login (OIDC)

async function logInAt(loginPage, userAndPassword) {
  const [user, password] = userAndPassword.split(':');
  await loginPage.locator('#username').waitFor({ timeout: 60_000 });
  assert.match(loginPage.url(), /\/realms\/traverse\/protocol\/openid-connect\/auth/, 'the identity provider\'s login page');
  await loginPage.locator('#username').fill(user);
  await loginPage.locator('#password').fill(password);
  await loginPage.locator('#kc-login').click();
  return user;
}

// A viewer logs in on the identity provider's page, sees the dashboard with their name and role, every control that
// changes something disabled (and migration-api refuses them when they try anyway); logs out; an admin logs in.
async function login() {
  await page.goto(BASE);
  await shot('40-login-page');
  const viewer = await logInAt(page, process.env.VIEWER);
  await page.getByTestId('user-name').filter({ hasText: viewer }).waitFor({ timeout: 60_000 });
  assert.equal(await page.getByTestId('user-role').textContent(), 'viewer');
  await page.locator('[data-vm]').first().waitFor({ timeout: 120_000 });
  await page.getByText(/Live · auto-refresh/).waitFor({ timeout: 30_000 }); // the stream, with the viewer's token
  assert.equal(await page.locator('[role=alert]', { hasText: 'API:' }).count(), 0, 'migration-api answered the viewer');
  const first = page.locator('[data-vm] input[type=checkbox]:not([disabled])').first();
  await first.check();
  for (const name of [/^Migrate Selected/, /^Wave 1$/, /^Wave 2$/, /^Reset$/]) {
    assert.equal(await page.getByRole('button', { name }).isDisabled(), true, `${name} is disabled for a viewer`);
  }
  await page.getByTestId('read-only').waitFor();
  await shot('41-logged-in-viewer');
  // the gateway forwards the viewer's token: migration-api reads for them and refuses a start
  assert.equal((await page.request.get(`${BASE}api/migrations`)).status(), 200);
  const refused = await page.request.post(`${BASE}api/migrations`, { data: { vmId: 'vm-1', vmName: 'x', mode: 'COLD' } });
  assert.equal(refused.status(), 403, 'migration-api refuses a viewer\'s start');
  await page.getByRole('tab', { name: 'Plans & Mappings' }).click();
  assert.equal(await page.getByRole('button', { name: 'Create Migration Plan' }).isDisabled(), true);
  log(viewer, 'logged in as viewer: read only, and a start is refused with 403');

  await page.getByRole('link', { name: 'Log out' }).click();
  const admin = await logInAt(page, process.env.ADMIN); // logged out everywhere: the login page again
  await page.getByTestId('user-name').filter({ hasText: admin }).waitFor({ timeout: 60_000 });
  assert.equal(await page.getByTestId('user-role').textContent(), 'admin');
  await page.getByRole('tab', { name: 'Migration Monitor' }).click();
  await page.locator('[data-vm]').first().waitFor({ timeout: 60_000 });
  assert.equal(await page.getByRole('button', { name: /^Reset$/ }).isEnabled(), true, 'an admin may reset');
  assert.equal(await page.getByTestId('read-only').count(), 0);
  await shot('42-logged-in-admin');
  log(admin, 'logged in after the viewer logged out: admin, Reset enabled');
}
