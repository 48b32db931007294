// What the Migration Monitor shows, computed from the API's data: pure functions, unit-tested (model.test.ts).
import type { Flavor, InventoryVm, Migration, MigrationState, TargetInstance } from './api';

/** The seed's colours: green = running / done, blue = pre-copying (pulsing), amber = off / cutover / launching. */
export type Tone = 'green' | 'blue' | 'amber' | 'red' | 'grey';

export interface Step { label: string; tone: Tone; pulse: boolean }

/** The line under a migrating VM (seed: "Per-VM Progress"). */
export function stepOf(m: Migration): Step | null {
  switch (m.state) {
    case 'QUEUED': return { label: 'Queued…', tone: 'grey', pulse: false };
    case 'DISCOVERING': return { label: 'Discovering…', tone: 'blue', pulse: true };
    case 'SIZING': return { label: 'Matching flavor…', tone: 'blue', pulse: true };
    case 'MAPPING': return { label: 'Mapping networks…', tone: 'blue', pulse: true };
    case 'PRECOPYING': return { label: m.mode === 'COLD' ? 'Copying disks…' : 'Pre-copying disks…', tone: 'blue', pulse: true };
    case 'CUTTING_OVER': return { label: 'Final cutover…', tone: 'amber', pulse: false };
    case 'CONVERTING': return { label: 'Converting for KVM…', tone: 'amber', pulse: false };
    case 'LAUNCHING': return { label: 'Launching on OpenStack…', tone: 'amber', pulse: false };
    case 'WAITING_CAPACITY': return { label: 'Waiting for OpenStack capacity…', tone: 'amber', pulse: false };
    case 'MIGRATED': return { label: 'Migrated ✓', tone: 'green', pulse: false };
    case 'FAILED': return { label: `Failed${m.failure ? ': ' + m.failure : ''}`, tone: 'red', pulse: false };
    case 'CANCELLED': return { label: 'Cancelled', tone: 'grey', pulse: false };
    case 'ROLLED_BACK': return null;
  }
}

const RANK: Record<MigrationState, number> = {
  QUEUED: 0, DISCOVERING: 1, SIZING: 2, MAPPING: 3, PRECOPYING: 4, CUTTING_OVER: 5, CONVERTING: 6, LAUNCHING: 7,
  WAITING_CAPACITY: 7, MIGRATED: 8, FAILED: -1, CANCELLED: -1, ROLLED_BACK: -1,
};
export const isActive = (s: MigrationState) => !['MIGRATED', 'FAILED', 'CANCELLED', 'ROLLED_BACK'].includes(s);
export const isInFlight = (s: MigrationState) => isActive(s) && s !== 'QUEUED';

/**
 * Whether the migration has powered the source off: from the cutover on (warm), from the copy on (cold). A failed
 * migration keeps the VM as vCenter reports it.
 */
export function sourcePoweredOffBy(m: Migration): boolean {
  if (m.state === 'FAILED' || m.state === 'CANCELLED' || m.state === 'ROLLED_BACK') return false;
  return RANK[m.state] >= (m.mode === 'COLD' ? RANK.PRECOPYING : RANK.CUTTING_OVER);
}

/** The latest migration per VM id (the list comes newest first, but do not rely on it). */
export function latestByVm(migrations: Migration[]): Map<string, Migration> {
  const map = new Map<string, Migration>();
  for (const m of migrations) {
    const seen = map.get(m.vmId);
    if (!seen || seen.createdAt < m.createdAt || (seen.createdAt === m.createdAt && seen.version < m.version)) map.set(m.vmId, m);
  }
  return map;
}

export interface VmRow {
  vm: InventoryVm;
  migration: Migration | null;
  step: Step | null;
  poweredOn: boolean;
  /** only powered-on VMs not in an active migration can be selected */
  selectable: boolean;
}

export function vmRow(vm: InventoryVm, m: Migration | null): VmRow {
  const live = m && m.state !== 'ROLLED_BACK' ? m : null;
  const poweredOn = vm.powerState === 'POWERED_ON' && !(live && sourcePoweredOffBy(live));
  return {
    vm, migration: live, step: live ? stepOf(live) : null, poweredOn,
    selectable: poweredOn && !(live && isActive(live.state)),
  };
}

export interface ClusterGroup { name: string; rows: VmRow[] }

/** VMs grouped by cluster (standalone hosts by host), clusters and VMs sorted by name, naturally (VM2 < VM10). */
export function groupByCluster(rows: VmRow[]): ClusterGroup[] {
  const groups = new Map<string, VmRow[]>();
  for (const r of rows) {
    const key = r.vm.cluster ?? `${r.vm.host} (standalone host)`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(r);
  }
  return [...groups.entries()].sort(([a], [b]) => natural(a, b))
    .map(([name, rs]) => ({ name, rows: rs.sort((x, y) => natural(x.vm.name, y.vm.name)) }));
}

const collator = new Intl.Collator('en', { numeric: true });
export const natural = (a: string, b: string) => collator.compare(a, b);

/** "1vCPU/32MB" */
export const specs = (vcpus: number | null | undefined, memoryMb: number | null | undefined) =>
  vcpus == null || memoryMb == null ? '' : `${vcpus}vCPU/${formatMb(memoryMb)}`;

function formatMb(mb: number): string {
  return mb >= 1024 && mb % 1024 === 0 ? `${mb / 1024}GB` : `${mb}MB`;
}

/**
 * "m1.tiny (1vCPU/256MB)" with the size from flavor-service's catalogue, or just the name when the catalogue cannot
 * be read or does not hold it; null before sizing.
 */
export function flavorLabel(m: Migration, catalogue: Flavor[] | null): string | null {
  const name = m.target.flavor;
  if (!name) return null;
  const f = catalogue?.find(c => c.name === name);
  return f ? `${name} (${specs(f.vcpus, f.ramMb)})` : name;
}

/** The seed's flavor line: "DC0_C0_RP0_VM0 1vCPU/32MB Launching... → m1.tiny (1vCPU/256MB)". */
export function flavorLine(m: Migration, vm: InventoryVm | undefined, catalogue: Flavor[] | null): string {
  const src = specs(m.source.vcpus ?? vm?.vcpus, m.source.memoryMb ?? vm?.memoryMb);
  const step = stepOf(m)?.label ?? '';
  const flavor = flavorLabel(m, catalogue);
  return [m.vmName, src, step].filter(Boolean).join(' ') + (flavor ? ` → ${flavor}` : '');
}

export interface CopyProgress { percent: number; done: number; total: number; etaSeconds: number | null }

/** Byte progress of the current copy round and its ETA (from the measured throughput). */
export function copyProgress(m: Migration, observedBps?: number | null): CopyProgress | null {
  const { bytesTransferred: done, bytesTotal: total } = m.sync;
  const bps = m.sync.throughputBytesPerSecond ?? observedBps ?? null;
  if (done == null || total == null || total <= 0) return null;
  const left = Math.max(0, total - done);
  return { percent: Math.min(100, Math.round((done / total) * 100)), done, total, etaSeconds: bps && bps > 0 ? Math.ceil(left / bps) : null };
}

export function bytes(n: number): string {
  const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0; let v = n;
  while (v >= 1024 && i < u.length - 1) { v /= 1024; i++; }
  return `${v >= 10 || i === 0 ? Math.round(v) : v.toFixed(1)} ${u[i]}`;
}

export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const m = Math.floor(seconds / 60); const s = seconds % 60;
  return m < 60 ? `${m}m ${s}s` : `${Math.floor(m / 60)}h ${m % 60}m`;
}

/** A row of the right pane's "Migrated from VMware". */
export interface TargetRow {
  migration: Migration; name: string; placeholder: string | null; status: 'BUILD' | 'ACTIVE' | null; ip: string | null;
}

const PLACEHOLDER: Partial<Record<MigrationState, string>> = {
  PRECOPYING: 'Pre-copying from VMware…', CUTTING_OVER: 'Final sync from VMware…', CONVERTING: 'Converting for KVM…',
  WAITING_CAPACITY: 'Waiting for OpenStack capacity…',
};

/**
 * Migrations that have reached the copy show on the target side: as an italic placeholder until the instance exists
 * (pre-copy, cutover, conversion), then as the instance, BUILD while launching and ACTIVE once migrated.
 */
export function targetRows(migrations: Migration[]): TargetRow[] {
  return migrations
    .filter(m => RANK[m.state] >= RANK.PRECOPYING)
    .map(m => {
      const launched = m.state === 'LAUNCHING' || m.state === 'MIGRATED';
      return {
        migration: m, name: m.target.instanceName ?? `migrated-${m.vmName}`,
        placeholder: launched ? null : PLACEHOLDER[m.state] ?? 'Pre-copying from VMware…',
        status: m.state === 'MIGRATED' ? 'ACTIVE' as const : launched ? 'BUILD' as const : null,
        ip: m.target.ipAddresses[0] ?? null,
      };
    })
    .sort((a, b) => natural(a.migration.vmName, b.migration.vmName));
}

export interface Cards {
  vmwareTotal: number; vmwareRunning: number; poweredOff: number; migrating: number;
  openstackInstances: number | null; existingWorkloads: number | null; migratedInstances: number;
  /** instances Traverse created so far: BUILD (launching) and ACTIVE (migrated) */
  launchedInstances: number;
}

export function cards(rows: VmRow[], migrations: Migration[], target: TargetInstance[] | null): Cards {
  const migrated = migrations.filter(m => m.state === 'MIGRATED').length;
  const launched = migrations.filter(m => m.state === 'LAUNCHING' || m.state === 'MIGRATED').length;
  const existing = target ? target.length : null;
  return {
    vmwareTotal: rows.length,
    vmwareRunning: rows.filter(r => r.poweredOn).length,
    poweredOff: rows.filter(r => !r.poweredOn).length,
    migrating: migrations.filter(m => isInFlight(m.state)).length,
    openstackInstances: existing == null ? null : existing + launched,
    existingWorkloads: existing,
    migratedInstances: migrated,
    launchedInstances: launched,
  };
}

/**
 * Copy rates observed between two reads of the same round (bytes/s), for the ETA until migration-api measures the
 * round's throughput itself (it keeps the byte counters of disk.progress, not its rate).
 */
export function observeRates(prev: Map<string, { round: number; bytes: number; at: number }>, list: Migration[], now: number,
  rates: Map<string, number>): void {
  for (const m of list) {
    const done = m.sync.bytesTransferred;
    if (done == null) continue;
    const p = prev.get(m.id);
    if (p && p.round === m.sync.round && done > p.bytes && now > p.at) rates.set(m.id, ((done - p.bytes) * 1000) / (now - p.at));
    if (!p || p.bytes !== done || p.round !== m.sync.round) prev.set(m.id, { round: m.sync.round, bytes: done, at: now });
  }
}

/** Apply one SSE state change to the list (newer versions win); returns a new list when something changed. */
export function applyChange(list: Migration[], c: { migrationId: string; to: MigrationState; detail: string | null; at: string; version: number }): { list: Migration[]; known: boolean } {
  const i = list.findIndex(m => m.id === c.migrationId);
  if (i < 0) return { list, known: false };
  const m = list[i];
  if (m.version >= c.version) return { list, known: true };
  const next = list.slice();
  next[i] = { ...m, state: c.to, phaseDetail: c.detail ?? m.phaseDetail, updatedAt: c.at, version: c.version };
  return { list: next, known: true };
}
