// The posture indicator: is the migration keeping the platform in a state its authorisation (ATO) allows?
// Every check says what it is based on; a check whose data is missing says "unknown", never "ok".
import { useEffect, useState } from 'react';
import { Card, CardBody, CardTitle, Label } from '@patternfly/react-core';
import * as api from '../api';
import type { Fleet } from '../live';

type Status = 'ok' | 'warn' | 'bad' | 'unknown';
interface Check { name: string; status: Status; summary: string; basis: string }
const CAPACITY_LIMIT = 5; // the evaluation cloud's limit of migration instances at a time (ffp-integration-guide)

export function posture(fleet: Fleet, networks: api.Network[] | null, mapping: api.InfraMapping | null): Check[] {
  const protectedOnes = fleet.target?.filter(t => t.protected || /^ffp-vdi-/.test(t.name)) ?? null;
  const unmapped = networks && mapping ? networks.filter(n => !mapping.networks.some(p => p.sources.includes(n.name) || p.sources.includes(n.id))) : null;
  const inFlight = fleet.migrations.filter(m => ['CUTTING_OVER', 'CONVERTING', 'LAUNCHING'].includes(m.state)).length;
  const waiting = fleet.migrations.filter(m => m.state === 'WAITING_CAPACITY').length;
  const failed = fleet.migrations.filter(m => m.state === 'FAILED');
  return [
    {
      name: 'Protected resources untouched',
      status: protectedOnes == null ? 'unknown' : protectedOnes.every(t => t.status === 'ACTIVE') ? 'ok' : 'bad',
      summary: protectedOnes == null ? 'target inventory not available'
        : `${protectedOnes.length} protected instance(s) (ffp-vdi-*), ${protectedOnes.filter(t => t.status === 'ACTIVE').length} ACTIVE`,
      basis: 'the target project\'s servers Traverse did not create (launch-service, GET /api/target/instances)',
    },
    {
      name: 'Unmapped NICs',
      status: unmapped == null ? 'unknown' : unmapped.length === 0 ? 'ok' : 'warn',
      summary: unmapped == null ? 'no infrastructure mapping yet' : unmapped.length === 0 ? 'every port group has a target network'
        : `${unmapped.length} port group(s) without a target network: ${unmapped.map(n => n.name).join(', ')}`,
      basis: `vCenter networks (discovery-service) against mapping ${mapping?.name ?? '—'}`,
    },
    {
      name: 'Capacity headroom',
      status: waiting > 0 ? 'warn' : inFlight >= CAPACITY_LIMIT ? 'warn' : 'ok',
      summary: `${inFlight} of ${CAPACITY_LIMIT} launch slots in use, ${waiting} migration(s) waiting for capacity`,
      basis: 'migration states (migration-api); the limit of 5 migration instances at a time of the shared cloud',
    },
    {
      name: 'Failed migrations',
      status: failed.length === 0 ? 'ok' : 'bad',
      summary: failed.length === 0 ? 'none' : failed.map(m => `${m.vmName}: ${m.failure ?? 'failed'}`).join('; '),
      basis: 'migration states (migration-api)',
    },
  ];
}

const COLOR: Record<Status, 'green' | 'orange' | 'red' | 'grey'> = { ok: 'green', warn: 'orange', bad: 'red', unknown: 'grey' };

export function Posture({ fleet }: { fleet: Fleet }) {
  const [networks, setNetworks] = useState<api.Network[] | null>(null);
  const [mapping, setMapping] = useState<api.InfraMapping | null>(null);
  useEffect(() => {
    api.networks().then(setNetworks).catch(() => setNetworks(null));
    api.mappings().then(ms => setMapping(ms[ms.length - 1] ?? null)).catch(() => setMapping(null));
  }, []);
  const checks = posture(fleet, networks, mapping);
  const overall: Status = checks.some(c => c.status === 'bad') ? 'bad' : checks.some(c => c.status === 'warn') ? 'warn'
    : checks.some(c => c.status === 'unknown') ? 'unknown' : 'ok';
  return (
    <section aria-label="Compliance posture">
      <p style={{ margin: '4px 0 12px' }}>Overall posture: <Label color={COLOR[overall]} data-testid="posture-overall">{overall.toUpperCase()}</Label></p>
      <div className="tv-grid2">
        {checks.map(c => (
          <Card key={c.name} isCompact>
            <CardTitle>{c.name} <Label color={COLOR[c.status]}>{c.status}</Label></CardTitle>
            <CardBody><p>{c.summary}</p><p className="tv-note">Based on: {c.basis}</p></CardBody>
          </Card>
        ))}
      </div>
    </section>
  );
}
