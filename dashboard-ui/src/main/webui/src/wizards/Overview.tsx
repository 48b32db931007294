// Overview (ManageIQ V2V): the two wizards, and the plans Queued / In progress / Completed / Failed.
import { useEffect, useMemo, useState } from 'react';
import { Button, Card, CardBody, CardTitle, Progress, ProgressMeasureLocation } from '@patternfly/react-core';
import * as api from '../api';
import type { Fleet } from '../live';
import { describeError } from '../errors';
import { MappingWizard } from './MappingWizard';
import { PlanWizard } from './PlanWizard';
import { notAllowed, useSession } from '../session';

type Column = 'Queued' | 'In progress' | 'Completed' | 'Failed';

export function columnOf(ms: api.Migration[]): Column | null {
  if (ms.length === 0) return null;
  if (ms.some(m => m.state === 'FAILED')) return 'Failed';
  if (ms.every(m => m.state === 'MIGRATED' || m.state === 'CANCELLED')) return 'Completed';
  if (ms.every(m => m.state === 'QUEUED')) return 'Queued';
  return 'In progress';
}

export function Overview({ fleet }: { fleet: Fleet }) {
  const [plans, setPlans] = useState<api.Plan[]>([]);
  const [wizard, setWizard] = useState<'mapping' | 'plan' | null>(null);
  const [planMappingId, setPlanMappingId] = useState<string | undefined>();
  const [error, setError] = useState<React.ReactNode>(null);
  const session = useSession();
  const cannotOperate = notAllowed(session, 'operator');
  const cannotMap = notAllowed(session, 'admin');
  const reload = () => api.plans().then(setPlans).catch(e => setError(describeError(e)));
  useEffect(() => { void reload(); }, [fleet.migrations.length]);

  const byPlan = useMemo(() => {
    const m = new Map<string, api.Migration[]>();
    fleet.migrations.forEach(x => x.planId && (m.get(x.planId) ?? m.set(x.planId, []).get(x.planId)!).push(x));
    return m;
  }, [fleet.migrations]);
  const columns: Record<Column, api.Plan[]> = { Queued: [], 'In progress': [], Completed: [], Failed: [] };
  plans.forEach(p => { const c = columnOf(byPlan.get(p.id) ?? []); if (c) columns[c].push(p); });
  const notStarted = plans.filter(p => !byPlan.has(p.id));

  const act = async (f: () => Promise<unknown>) => {
    try { await f(); await fleet.refresh(); } catch (e) { setError(describeError(e)); }
  };

  return (
    <section aria-label="Overview">
      <div className="tv-controls">
        <Button variant="primary" isDisabled={cannotMap != null} title={cannotMap ?? undefined}
          onClick={() => setWizard('mapping')}>Create Infrastructure Mapping</Button>
        <Button variant="secondary" isDisabled={cannotOperate != null} title={cannotOperate ?? undefined}
          onClick={() => { setPlanMappingId(undefined); setWizard('plan'); }}>Create Migration Plan</Button>
        <span className="tv-grow" />
        {cannotOperate && <span className="tv-note">Read only: {cannotOperate.toLowerCase()}</span>}
        <span className="tv-note">{plans.length} plan(s), {notStarted.length} not started</span>
      </div>
      {error && <div className="tv-bad" role="alert">{error}</div>}
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(4, minmax(0, 1fr))', gap: 12, marginTop: 12 }}>
        {(Object.keys(columns) as Column[]).map(col => (
          <Card key={col} isCompact aria-label={`${col} plans`}>
            <CardTitle>{col} <span className="tv-note">({columns[col].length})</span></CardTitle>
            <CardBody>
              {columns[col].length === 0 && <p className="tv-note">None.</p>}
              {columns[col].map(p => {
                const ms = byPlan.get(p.id) ?? [];
                const done = ms.filter(m => m.state === 'MIGRATED').length;
                return (
                  <div key={p.id} style={{ marginBottom: 14 }} data-plan={p.name}>
                    <b>{p.name}</b>
                    <Progress value={ms.length ? (done / ms.length) * 100 : 0} title={`${done} of ${ms.length} VMs migrated`}
                      measureLocation={ProgressMeasureLocation.outside} size="sm"
                      variant={col === 'Failed' ? 'danger' : col === 'Completed' ? 'success' : undefined}
                      aria-label={`${p.name}: ${done} of ${ms.length} migrated`} />
                    {col === 'Failed' && ms.filter(m => m.state === 'FAILED').map(m => (
                      <div key={m.id} style={{ marginTop: 6 }} data-failed-vm={m.vmName}>
                        <span className="tv-mono">{m.vmName}</span>: <span className="tv-bad">{m.failure ?? 'failed'}</span>{' '}
                        <Button variant="link" isInline isDisabled={cannotOperate != null} onClick={() => act(() => api.retry(m.id))} aria-label={`Retry ${m.vmName}`}>Retry</Button>{' '}
                        <Button variant="link" isInline isDanger isDisabled={cannotOperate != null} onClick={() => act(() => api.rollback(m.id))} aria-label={`Cancel ${m.vmName}: roll it back`}
                          title="A failed migration is cancelled by rolling it back: what Traverse created is removed, the VM is powered on">Cancel</Button>
                      </div>
                    ))}
                  </div>
                );
              })}
            </CardBody>
          </Card>
        ))}
      </div>
      {notStarted.length > 0 && (
        <Card isCompact style={{ marginTop: 12 }}>
          <CardTitle>Plans not started (or reset)</CardTitle>
          <CardBody>
            {notStarted.map(p => (
              <div key={p.id} data-plan={p.name}>
                <b>{p.name}</b> <span className="tv-note">{p.vms.length} VMs, {p.mode}</span>{' '}
                <Button variant="link" isInline isDisabled={cannotOperate != null} onClick={() => act(() => api.startPlan(p.id))}
                  aria-label={`Start ${p.name}`}>Start</Button>
              </div>
            ))}
          </CardBody>
        </Card>
      )}
      {wizard === 'mapping' && (
        <MappingWizard onClose={() => setWizard(null)}
          onContinue={id => { setPlanMappingId(id); setWizard('plan'); }} />
      )}
      {wizard === 'plan' && (
        <PlanWizard mappingId={planMappingId} vms={fleet.vms} onClose={() => { setWizard(null); void reload(); void fleet.refresh(); }} />
      )}
    </section>
  );
}
