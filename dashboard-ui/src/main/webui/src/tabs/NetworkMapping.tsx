// Network Mapping: every source port group, mapped (green, with its Neutron network) or unmapped (flagged for review),
// before any migration begins. Based on the inventory's networks and an infrastructure mapping.
import { useEffect, useMemo, useState } from 'react';
import { FormSelect, FormSelectOption, Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import * as api from '../api';
import type { Fleet } from '../live';
import { natural } from '../model';

export function NetworkMapping({ fleet }: { fleet: Fleet }) {
  const [networks, setNetworks] = useState<api.Network[] | null>(null);
  const [mappings, setMappings] = useState<api.InfraMapping[]>([]);
  const [mappingId, setMappingId] = useState<string>('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.networks().then(setNetworks).catch(e => setError(String(e.message ?? e)));
    api.mappings().then(ms => { setMappings(ms); if (ms.length) setMappingId(ms[ms.length - 1].id); }).catch(() => {});
  }, []);

  const mapping = mappings.find(m => m.id === mappingId) ?? null;
  const rows = useMemo(() => (networks ?? []).slice().sort((a, b) => natural(a.name, b.name)).map(n => {
    const pair = mapping?.networks.find(p => p.sources.includes(n.name) || p.sources.includes(n.id));
    return { n, target: pair?.target ?? null };
  }), [networks, mapping]);
  const unmapped = rows.filter(r => !r.target).length;

  return (
    <section aria-label="Network mapping">
      <div className="tv-controls">
        <label htmlFor="nm-mapping">Infrastructure mapping</label>
        <FormSelect id="nm-mapping" value={mappingId} onChange={(_e, v) => setMappingId(v)} aria-label="Infrastructure mapping" style={{ maxWidth: 320 }}>
          <FormSelectOption value="" label={mappings.length ? '— none —' : 'no mapping defined yet'} />
          {mappings.map(m => <FormSelectOption key={m.id} value={m.id} label={m.name} />)}
        </FormSelect>
        <span className="tv-grow" />
        <span className={unmapped ? 'tv-warn' : 'tv-ok'} role="status" data-testid="unmapped-count">
          {rows.length - unmapped} mapped · {unmapped} unmapped {unmapped ? '— review before migrating' : ''}
        </span>
      </div>
      {error && <p className="tv-bad">{error}</p>}
      <Table aria-label="Port group to network mappings" variant="compact">
        <Thead><Tr><Th>VMware port group</Th><Th>Kind</Th><Th>Datacenter</Th><Th>OpenStack network</Th><Th>Status</Th></Tr></Thead>
        <Tbody>
          {rows.map(({ n, target }) => (
            <Tr key={n.id} data-network={n.name}>
              <Td className="tv-mono">{n.name}</Td><Td>{n.kind}</Td><Td>{n.datacenter}</Td>
              <Td className="tv-mono">{target ?? '—'}</Td>
              <Td>{target ? <Label color="green">mapped</Label> : <Label color="orange">unmapped: needs review</Label>}</Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      <p className="tv-note">Based on the vCenter inventory (discovery-service) and the selected mapping (migration-api).
        {fleet.migrations.length === 0 ? ' No migration has started yet.' : ''}</p>
    </section>
  );
}
