// The Migration Monitor page, element by element as the seed describes it: summary cards, control bar, split pane.
import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import {
  Alert, AlertActionCloseButton, Button, Checkbox, FormSelect, FormSelectOption, Modal, ModalBody, ModalFooter,
  ModalHeader, Tooltip,
} from '@patternfly/react-core';
import * as api from '../api';
import type { Fleet } from '../live';
import {
  bytes, cards, copyProgress, duration, flavorLabel, groupByCluster, isActive, latestByVm, natural,
  specs, targetRows, vmRow, type ClusterGroup, type VmRow,
} from '../model';
import { describeError } from '../errors';
import { notAllowed, useSession } from '../session';

export function Monitor({ fleet }: { fleet: Fleet }) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [delay, setDelay] = useState(5);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ variant: 'success' | 'danger' | 'info'; title: string; body?: React.ReactNode } | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  // The infrastructure mapping the Monitor's migrations use (network-mapper needs it to find each NIC's network):
  // the newest one unless the operator picks another; '' = none, the services' defaults.
  const [mappings, setMappings] = useState<api.InfraMapping[]>([]);
  const [mappingId, setMappingId] = useState<string | null>(null);
  const loadMappings = useCallback(() => {
    api.mappings().then(ms => {
      const newest = [...ms].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      setMappings(newest);
      setMappingId(id => id ?? newest[0]?.id ?? '');
    }).catch(() => setMappingId(id => id ?? ''));
  }, []);
  useEffect(loadMappings, [loadMappings]);

  const latest = useMemo(() => latestByVm(fleet.migrations), [fleet.migrations]);
  const rows = useMemo(() => fleet.vms.map(vm => vmRow(vm, latest.get(vm.id) ?? null)), [fleet.vms, latest]);
  const groups = useMemo(() => groupByCluster(rows), [rows]);
  const vmById = useMemo(() => new Map(fleet.vms.map(v => [v.id, v])), [fleet.vms]);
  const catalogue = fleet.flavors;
  const session = useSession();
  const cannotMigrate = notAllowed(session, 'operator');
  const cannotReset = notAllowed(session, 'admin');
  const c = cards(rows, fleet.migrations, fleet.target);
  const inProgress = fleet.migrations.some(m => isActive(m.state));
  const selectedRows = rows.filter(r => selected.has(r.vm.id) && r.selectable);
  const migrated = fleet.migrations.filter(m => m.state === 'MIGRATED').length;

  // stable, so a click re-renders only the rows whose checkbox changed (VmLine is memoised)
  const toggle = useCallback((ids: string[], on: boolean) => setSelected(s => {
    const n = new Set(s);
    ids.forEach(id => (on ? n.add(id) : n.delete(id)));
    return n;
  }), []);

  async function run(what: string, action: () => Promise<string>) {
    setBusy(true);
    setMessage(null);
    try {
      const title = await action();
      setMessage({ variant: 'success', title });
      await fleet.refresh({ inventory: true });
    } catch (e) {
      setMessage({ variant: 'danger', title: `${what} failed`, body: describeError(e) });
    } finally {
      setBusy(false);
    }
  }

  const migrateSelected = () => run('Migrate Selected', async () => {
    const vms = selectedRows.map(r => ({ vmId: r.vm.id, vmName: r.vm.name, wave: 1 }));
    const plan = await api.createPlan({
      name: `Monitor selection ${new Date().toISOString().replace('T', ' ').slice(0, 19)}`,
      description: 'Started from the Migration Monitor', mappingId: mappingId || null, mode: 'WARM', cutover: { policy: 'NOW' },
      stepDelay: `PT${delay}S`, vms,
    });
    const started = await api.startPlan(plan.id);
    setSelected(new Set());
    return `Migration of ${started.migrations.length} VM(s) started (job ${started.jobId.slice(0, 8)})`;
  });

  const startWave = (wave: 1 | 2) => run(`Wave ${wave}`, async () => {
    const plan = await demoWavesPlan(groups, delay, mappingId || null);
    const started = await api.startPlan(plan.id, wave);
    return `Wave ${wave}: ${started.migrations.length} VM(s) started (job ${started.jobId.slice(0, 8)})`;
  });

  const doReset = () => {
    setConfirmReset(false);
    return run('Reset', async () => {
      const r = await api.reset();
      setSelected(new Set());
      return `Reset: ${r.reset} migration(s) rolled back; existing workloads untouched`;
    });
  };

  return (
    <>
      <section className="tv-cards" aria-label="Summary">
        <Card tone="green" label="VMware VMs" value={c.vmwareTotal} sub={`${c.vmwareRunning} running`} />
        <Card tone="amber" label="Powered Off" value={c.poweredOff} sub="off on VMware (cutover or before)" />
        <Card tone="blue" label="Migrating" value={c.migrating} sub="pre-copy, cutover or launching" />
        <Card tone="violet" label="OpenStack Instances" value={c.openstackInstances ?? c.launchedInstances}
          sub={c.existingWorkloads == null ? `${c.migratedInstances} migrated, ${c.launchedInstances - c.migratedInstances} launching (existing: unknown)`
            : `${c.migratedInstances} migrated + ${c.existingWorkloads} existing`} />
      </section>

      <section className="tv-controls" aria-label="Migration controls">
        <Button variant="primary" isDisabled={selectedRows.length === 0 || inProgress || busy || cannotMigrate != null}
          onClick={migrateSelected}>
          Migrate Selected ({selectedRows.length})
        </Button>
        <Tooltip content={cannotMigrate ?? 'Wave 1: the powered-on VMs of the first cluster'}>
          <Button variant="secondary" isDisabled={inProgress || busy || cannotMigrate != null} onClick={() => startWave(1)}>Wave 1</Button>
        </Tooltip>
        <Tooltip content={cannotMigrate ?? 'Wave 2: the powered-on VMs of the second cluster'}>
          <Button variant="secondary" isDisabled={inProgress || busy || cannotMigrate != null} onClick={() => startWave(2)}>Wave 2</Button>
        </Tooltip>
        <div className="tv-mapping">
          <FormSelect id="monitor-mapping" value={mappingId ?? ''} onChange={(_e, v) => setMappingId(v)} onFocus={loadMappings}
            aria-label="Infrastructure mapping for new migrations">
            {mappings.map(m => <FormSelectOption key={m.id} value={m.id} label={`Mapping: ${m.name}`} />)}
            <FormSelectOption value="" label="No mapping (service defaults)" />
          </FormSelect>
        </div>
        <label className="tv-delay">
          Delay
          <input type="range" min={5} max={20} step={1} value={delay} onChange={e => setDelay(Number(e.target.value))}
            aria-label="Transfer delay per step in seconds" aria-valuetext={`${delay} seconds`} />
          <span style={{ minWidth: 32 }}>{delay} s</span>
        </label>
        <span className="tv-grow" />
        {inProgress && <span className="tv-note" role="status">Migration in progress…</span>}
        {cannotMigrate && <span className="tv-note" data-testid="read-only">Read only: {cannotMigrate.toLowerCase()}</span>}
        <Button variant="danger" isDisabled={busy || cannotReset != null} onClick={() => setConfirmReset(true)}
          title={cannotReset ?? undefined}>Reset</Button>
      </section>

      {message && (
        <Alert variant={message.variant} isInline title={message.title} aria-live="polite"
          actionClose={<AlertActionCloseButton onClose={() => setMessage(null)} />}>
          {message.body}
        </Alert>
      )}

      <section className="tv-split">
        <VmwarePane groups={groups} selected={selected} toggle={toggle} vmCount={rows.length} catalogue={catalogue} rates={fleet.rates} />
        <Centre migrated={migrated} total={rows.length} moving={c.migrating > 0} />
        <OpenStackPane migrations={fleet.migrations} target={fleet.target} vmById={vmById} catalogue={catalogue} />
      </section>

      <Modal variant="small" isOpen={confirmReset} onClose={() => setConfirmReset(false)} aria-labelledby="reset-title">
        <ModalHeader title="Reset both environments?" labelId="reset-title" titleIconVariant="warning" />
        <ModalBody>
          Every migration is cancelled and rolled back: the instances Traverse created (<code>migrated-*</code>) are
          deleted and the VMware VMs are powered back on. Existing workloads are never touched.
        </ModalBody>
        <ModalFooter>
          <Button variant="danger" onClick={doReset}>Reset</Button>
          <Button variant="link" onClick={() => setConfirmReset(false)}>Cancel</Button>
        </ModalFooter>
      </Modal>
    </>
  );
}

/** The "predefined waves": one plan, wave 1 = first cluster's powered-on VMs, wave 2 = the second's. */
async function demoWavesPlan(groups: ClusterGroup[], delay: number, mappingId: string | null): Promise<api.Plan> {
  const clusters = groups.filter(g => !g.name.includes('standalone')).slice(0, 2);
  const vms = clusters.flatMap((g, i) => g.rows.filter(r => r.selectable).map(r => ({ vmId: r.vm.id, vmName: r.vm.name, wave: i + 1 })));
  const body: api.PlanBody = {
    name: 'Monitor waves', description: 'Wave 1 and Wave 2 of the Migration Monitor: one cluster each',
    mappingId, mode: 'WARM', cutover: { policy: 'NOW' }, stepDelay: `PT${delay}S`, vms,
  };
  const existing = (await api.plans()).find(p => p.name === body.name);
  return existing ? api.replacePlan(existing.id, body) : api.createPlan(body);
}

function Card({ tone, label, value, sub }: { tone: string; label: string; value: number; sub: string }) {
  return (
    <div className={`tv-card ${tone}`} role="group" aria-label={label}>
      <div className="tv-card-label">{label}</div>
      <div className="tv-card-value" data-testid={`card-${label}`}>{value}</div>
      <div className="tv-card-sub">{sub}</div>
    </div>
  );
}

function VmwarePane({ groups, selected, toggle, vmCount, catalogue, rates }: {
  groups: ClusterGroup[]; selected: Set<string>; toggle: (ids: string[], on: boolean) => void; vmCount: number;
  catalogue: api.Flavor[] | null; rates: Map<string, number>;
}) {
  return (
    <div className="tv-pane" role="region" aria-label="VMware vSphere">
      <div className="tv-pane-head"><h2>VMware vSphere</h2><span className="tv-count">{vmCount} VMs</span></div>
      <div className="tv-pane-body">
        {groups.length === 0 && <div className="tv-empty">No inventory yet (discovery-service)…</div>}
        {groups.map(g => {
          const selectable = g.rows.filter(r => r.selectable).map(r => r.vm.id);
          const picked = selectable.filter(id => selected.has(id)).length;
          return (
            <div key={g.name} role="group" aria-label={`Cluster ${g.name}`}>
              <div className="tv-cluster">
                <Checkbox id={`all-${g.name}`} aria-label={`Select all powered-on VMs in ${g.name}`}
                  isChecked={picked > 0 && picked === selectable.length ? true : picked > 0 ? null : false}
                  isDisabled={selectable.length === 0} onChange={(_e, on) => toggle(selectable, on)} />
                <b>{g.name}</b> <span>{g.rows.length} VMs · {g.rows.filter(r => r.poweredOn).length} on · Select All</span>
              </div>
              {g.rows.map(r => <VmLine key={r.vm.id} row={r} checked={selected.has(r.vm.id)} toggle={toggle} catalogue={catalogue}
                rate={r.migration ? rates.get(r.migration.id) : undefined} />)}
            </div>
          );
        })}
      </div>
    </div>
  );
}

const VmLine = memo(function VmLine({ row, checked, toggle, catalogue, rate }: {
  row: VmRow; checked: boolean; toggle: (ids: string[], on: boolean) => void; catalogue: api.Flavor[] | null; rate?: number;
}) {
  const { vm, migration: m, step } = row;
  const progress = m && (m.state === 'PRECOPYING' || m.state === 'CUTTING_OVER') ? copyProgress(m, rate) : null;
  const flavor = m ? flavorLabel(m, catalogue) : null;
  return (
    <div className={`tv-vm${row.poweredOn ? '' : ' off'}${checked ? ' selected' : ''}`} data-vm={vm.name}
      data-state={m?.state ?? 'NONE'}>
      <Checkbox id={`vm-${vm.id}`} aria-label={`Select ${vm.name}`} isChecked={checked && row.selectable}
        isDisabled={!row.selectable} onChange={(_e, on) => toggle([vm.id], on)} />
      <span className={`tv-power ${row.poweredOn ? 'on' : 'off'}`}
        role="img" aria-label={row.poweredOn ? 'powered on' : 'powered off'} title={row.poweredOn ? 'poweredOn' : 'poweredOff'} />
      <span className="tv-vm-name" title={vm.name}>{vm.name}</span>
      {/* while it migrates the row reads as the seed's flavor line: name, specs, step → flavor (the host is in the tooltip) */}
      <span className="tv-vm-meta" title={vm.host}>{specs(vm.vcpus, vm.memoryMb)}{step ? '' : ` · ${vm.host}`}</span>
      {step && (
        <div className="tv-vm-step" aria-live="polite">
          <span className={`tv-step ${step.tone}`} data-testid="step">
            {step.pulse && <span className="tv-pulse" aria-hidden="true" />}{step.label}
          </span>
          {progress && (
            <span className="tv-bytes">
              <span className="tv-bar" aria-hidden="true"><span style={{ width: `${progress.percent}%` }} /></span>{' '}
              {bytes(progress.done)} / {bytes(progress.total)}{progress.etaSeconds != null ? ` · ETA ${duration(progress.etaSeconds)}` : ''}
            </span>
          )}
          {flavor && <span className="tv-flavor">→ {flavor}</span>}
        </div>
      )}
    </div>
  );
});

function Centre({ migrated, total, moving }: { migrated: number; total: number; moving: boolean }) {
  const pct = total === 0 ? 0 : Math.round((migrated / total) * 100);
  const r = 78; const circ = 2 * Math.PI * r;
  return (
    <div className="tv-pane tv-centre" role="region" aria-label="Progress">
      <div className="tv-circle" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={migrated}
        aria-valuetext={`${migrated} of ${total} migrated, ${pct} percent`}>
        <svg width="180" height="180" viewBox="0 0 180 180" aria-hidden="true">
          <circle cx="90" cy="90" r={r} fill="none" stroke="#333" strokeWidth="12" />
          <circle cx="90" cy="90" r={r} fill="none" stroke="var(--tv-green)" strokeWidth="12" strokeLinecap="round"
            strokeDasharray={circ} strokeDashoffset={circ * (1 - pct / 100)} style={{ transition: 'stroke-dashoffset .8s' }} />
        </svg>
        <div className="tv-circle-text">
          <div className="tv-circle-count" data-testid="progress-count">{migrated}/{total}</div>
          <div className="tv-circle-pct">{pct}%</div>
          <div className="tv-circle-label">migrated</div>
        </div>
      </div>
      <div className="tv-direction" aria-label="Direction: VMware to OpenStack">
        <span>VMware</span><span className={`tv-arrow${moving ? ' moving' : ''}`} aria-hidden="true">➜</span><span>OpenStack</span>
      </div>
    </div>
  );
}

function OpenStackPane({ migrations, target, vmById, catalogue }: {
  migrations: api.Migration[]; target: api.TargetInstance[] | null; vmById: Map<string, api.InventoryVm>;
  catalogue: api.Flavor[] | null;
}) {
  const rows = useMemo(() => targetRows(migrations), [migrations]);
  const existing = [...(target ?? [])].sort((a, b) => natural(a.name, b.name));
  return (
    <div className="tv-pane" role="region" aria-label="OpenStack">
      <div className="tv-pane-head"><h2>OpenStack</h2><span className="tv-count">{rows.length + existing.length} instances</span></div>
      <div className="tv-pane-body">
        <div className="tv-section">Migrated from VMware</div>
        {rows.length === 0 && <div className="tv-empty">Nothing migrated yet.</div>}
        {rows.map(r => {
          const vm = vmById.get(r.migration.vmId);
          const src = specs(r.migration.source.vcpus ?? vm?.vcpus, r.migration.source.memoryMb ?? vm?.memoryMb);
          const flavor = flavorLabel(r.migration, catalogue);
          return (
            <div key={r.migration.id} className={`tv-inst${r.placeholder ? ' placeholder' : ''}`} data-instance={r.name}>
              <span className="tv-inst-name">{r.name}</span>
              {r.status ? <span className={`tv-status ${r.status}`}>{r.status}</span> : <span />}
              <span className="tv-inst-sub">
                {r.placeholder ? r.placeholder : `from ${r.migration.vmName} ${src}${flavor ? ` → ${flavor}` : ''}${r.ip ? ` · ${r.ip}` : ''}`}
              </span>
            </div>
          );
        })}
        <div className="tv-section">Existing workloads</div>
        {target == null && <div className="tv-empty">Target inventory not available.</div>}
        {target != null && existing.length === 0 && <div className="tv-empty">None.</div>}
        {existing.map(t => (
          <div key={t.id} className="tv-inst existing" data-existing={t.name}>
            <span className="tv-inst-name">{t.name}</span>
            <span className={`tv-status ${t.status === 'ACTIVE' ? 'ACTIVE' : 'other'}`}>{t.status}</span>
            <span className="tv-inst-sub">
              {[t.flavor ? `${t.flavor.name}${t.flavor.vcpus != null ? ` (${specs(t.flavor.vcpus, t.flavor.ramMb)})` : ''}` : null,
                t.ipAddresses[0] ?? null].filter(Boolean).join(' · ')}
              {t.protected && <span className="tv-protected" title="Traverse never touches it (protected name pattern or traverse-protected=true)"> · protected</span>}
            </span>
          </div>
        ))}
      </div>
    </div>
  );
}
