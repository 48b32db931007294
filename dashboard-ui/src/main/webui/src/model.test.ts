import { describe, expect, it } from 'vitest';
import type { InventoryVm, Migration, MigrationState } from './api';
import { applyChange, copyProgress, observeRates, flavorLine, groupByCluster, stepOf, targetRows, vmRow } from './model';

const vm = (name: string, cluster: string | null, power: 'POWERED_ON' | 'POWERED_OFF' = 'POWERED_ON'): InventoryVm => ({
  id: `vm-${name.length}${name}`, name, powerState: power, datacenter: 'DC0', cluster, host: 'DC0_H0', vcpus: 1, memoryMb: 32,
  guestId: 'otherGuest', guestFullName: 'Other', disks: 1, diskBytes: 10 << 30, nics: 1, cbtEnabled: true,
});

const mig = (state: MigrationState, extra: Partial<Migration> = {}): Migration => ({
  id: 'm1', planId: 'p', wave: 1, jobId: 'j', vmId: 'vm-1', vmName: 'DC0_C0_RP0_VM0', mode: 'WARM', state, phaseDetail: null,
  failure: null, source: { vcpus: 1, memoryMb: 32, diskBytes: 10 << 30 }, target: { flavor: 'm1.tiny', instanceName: null, ipAddresses: [] },
  sync: { round: 1, inFlight: true, cutoverRound: false, bytesTransferred: null, bytesTotal: null, lastRoundBytes: null,
    lastRoundSeconds: null, throughputBytesPerSecond: null, dirtyRateBytesPerSecond: null },
  cutover: { policy: 'NOW', scheduledAt: null, requested: false, reason: null, predictedDowntimeSeconds: null },
  retry: { attempts: 0, maxAttempts: 3, nextAction: null, nextActionAt: null }, requestedBy: 'x',
  createdAt: '2025-01-01T00:00:00Z', admittedAt: null, updatedAt: '2025-01-01T00:00:00Z', finishedAt: null, version: 1, ...extra,
});

describe('the per-VM step of the seed', () => {
  it('pre-copy is blue and pulsing, and the VM stays green (running)', () => {
    expect(stepOf(mig('PRECOPYING'))).toEqual({ label: 'Pre-copying disks…', tone: 'blue', pulse: true });
    expect(vmRow(vm('A', 'C0'), mig('PRECOPYING')).poweredOn).toBe(true);
  });
  it('cutover and launching are amber, and the VM is off from the cutover on', () => {
    expect(stepOf(mig('CUTTING_OVER'))?.tone).toBe('amber');
    expect(stepOf(mig('LAUNCHING'))?.label).toBe('Launching on OpenStack…');
    expect(vmRow(vm('A', 'C0'), mig('CUTTING_OVER')).poweredOn).toBe(false);
  });
  it('migrated is green with a check mark, and the VM cannot be selected again', () => {
    expect(stepOf(mig('MIGRATED'))).toEqual({ label: 'Migrated ✓', tone: 'green', pulse: false });
    expect(vmRow(vm('A', 'C0'), mig('MIGRATED')).selectable).toBe(false);
  });
  it('a cold migration powers the VM off already for the copy', () => {
    expect(vmRow(vm('A', 'C0'), mig('PRECOPYING', { mode: 'COLD' })).poweredOn).toBe(false);
  });
  it('only powered-on VMs outside an active migration are selectable; a rolled-back one is as before', () => {
    expect(vmRow(vm('A', 'C0', 'POWERED_OFF'), null).selectable).toBe(false);
    expect(vmRow(vm('A', 'C0'), mig('QUEUED')).selectable).toBe(false);
    expect(vmRow(vm('A', 'C0'), mig('ROLLED_BACK'))).toMatchObject({ selectable: true, step: null });
  });
});

it('prints the flavor line of the seed with the size from flavor-service, or the bare name without its catalogue', () => {
  const catalogue = [{ name: 'm1.small', vcpus: 2, ramMb: 2048, diskGb: 20 }, { name: 'm1.tiny', vcpus: 1, ramMb: 256, diskGb: 0 }];
  expect(flavorLine(mig('LAUNCHING'), undefined, catalogue))
    .toBe('DC0_C0_RP0_VM0 1vCPU/32MB Launching on OpenStack… → m1.tiny (1vCPU/256MB)');
  expect(flavorLine(mig('LAUNCHING'), undefined, null)).toBe('DC0_C0_RP0_VM0 1vCPU/32MB Launching on OpenStack… → m1.tiny');
});

it('groups by cluster in natural order, standalone hosts by host', () => {
  const rows = [vm('VM10', 'C1'), vm('VM2', 'C1'), vm('VM1', 'C0'), vm('H', null)].map(v => vmRow(v, null));
  const g = groupByCluster(rows);
  expect(g.map(x => x.name)).toEqual(['C0', 'C1', 'DC0_H0 (standalone host)']);
  expect(g[1].rows.map(r => r.vm.name)).toEqual(['VM2', 'VM10']);
});

it('shows byte progress and the ETA from the measured throughput', () => {
  const p = copyProgress(mig('PRECOPYING', { sync: { ...mig('PRECOPYING').sync, bytesTransferred: 250, bytesTotal: 1000, throughputBytesPerSecond: 50 } }));
  expect(p).toEqual({ percent: 25, done: 250, total: 1000, etaSeconds: 15 });
});

it('estimates the ETA from the observed rate until the API measured the throughput', () => {
  const prev = new Map(); const rates = new Map<string, number>();
  const at = (bytes: number) => [mig('PRECOPYING', { sync: { ...mig('PRECOPYING').sync, bytesTransferred: bytes, bytesTotal: 1000 } })];
  observeRates(prev, at(100), 0, rates);
  observeRates(prev, at(300), 2000, rates);
  expect(rates.get('m1')).toBe(100);
  expect(copyProgress(at(300)[0], rates.get('m1'))?.etaSeconds).toBe(7);
});

it('puts an italic placeholder on the target side until the instance exists, then BUILD, then ACTIVE', () => {
  expect(targetRows([mig('MAPPING')])).toHaveLength(0);
  expect(targetRows([mig('CONVERTING')])[0]).toMatchObject({ placeholder: 'Converting for KVM…', status: null, name: 'migrated-DC0_C0_RP0_VM0' });
  expect(targetRows([mig('LAUNCHING')])[0]).toMatchObject({ placeholder: null, status: 'BUILD' });
  expect(targetRows([mig('MIGRATED', { target: { flavor: 'm1.tiny', instanceName: 'migrated-x', ipAddresses: ['10.0.0.5'] } })])[0])
    .toMatchObject({ status: 'ACTIVE', ip: '10.0.0.5', name: 'migrated-x' });
});

it('applies a stream change only when it is newer', () => {
  const list = [mig('PRECOPYING', { version: 5 })];
  expect(applyChange(list, { migrationId: 'm1', to: 'CUTTING_OVER', detail: null, at: 'x', version: 4 }).list[0].state).toBe('PRECOPYING');
  expect(applyChange(list, { migrationId: 'm1', to: 'CUTTING_OVER', detail: null, at: 'x', version: 6 }).list[0].state).toBe('CUTTING_OVER');
  expect(applyChange(list, { migrationId: 'other', to: 'MIGRATED', detail: null, at: 'x', version: 9 }).known).toBe(false);
});
