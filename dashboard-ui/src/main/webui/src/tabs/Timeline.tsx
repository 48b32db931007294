// Migration Timeline: every transition with its timestamps, per VM and fleet-wide (newest first).
import { useEffect, useMemo, useState } from 'react';
import { FormSelect, FormSelectOption } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import * as api from '../api';
import type { Fleet } from '../live';
import { natural } from '../model';

interface Row { key: string; at: string; vm: string; from: string; to: string; type: string; detail: string }
const FLEET_LIMIT = 50;

export function TimelineTab({ fleet }: { fleet: Fleet }) {
  const [vmFilter, setVmFilter] = useState('');
  const [entries, setEntries] = useState<Row[]>([]);
  const [loading, setLoading] = useState(false);
  const options = useMemo(() => fleet.migrations.slice().sort((a, b) => natural(a.vmName, b.vmName)), [fleet.migrations]);
  const lastChange = fleet.changes[0]?.version;

  useEffect(() => {
    const chosen = vmFilter ? fleet.migrations.filter(m => m.id === vmFilter)
      : fleet.migrations.slice().sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, FLEET_LIMIT);
    let cancelled = false;
    setLoading(true);
    Promise.all(chosen.map(m => api.timeline(m.id).then(es => es.map(e => ({
      key: `${m.id}-${e.seq}`, at: e.recordedAt ?? e.occurredAt, vm: m.vmName, from: e.fromState ?? '', to: e.toState ?? '',
      type: e.type, detail: e.detail ?? '',
    }))).catch(() => [] as Row[])))
      .then(all => { if (!cancelled) setEntries(all.flat().sort((a, b) => b.at.localeCompare(a.at))); })
      .finally(() => !cancelled && setLoading(false));
    return () => { cancelled = true; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [vmFilter, fleet.migrations.length, lastChange]);

  return (
    <section aria-label="Migration timeline">
      <div className="tv-controls">
        <label htmlFor="tl-vm">Migration</label>
        <FormSelect id="tl-vm" value={vmFilter} onChange={(_e, v) => setVmFilter(v)} aria-label="Show the timeline of" style={{ maxWidth: 360 }}>
          <FormSelectOption value="" label={`Fleet-wide (the ${FLEET_LIMIT} most recent migrations)`} />
          {options.map(m => <FormSelectOption key={m.id} value={m.id} label={`${m.vmName} — ${m.state}`} />)}
        </FormSelect>
        <span className="tv-grow" />
        <span className="tv-note">{loading ? 'Loading…' : `${entries.length} entries`}</span>
      </div>
      <Table aria-label="Timeline entries" variant="compact">
        <Thead><Tr><Th>Time</Th><Th>VM</Th><Th>From</Th><Th>To</Th><Th>Event</Th><Th>Detail</Th></Tr></Thead>
        <Tbody>
          {entries.map(e => (
            <Tr key={e.key}>
              <Td className="tv-mono">{new Date(e.at).toLocaleString()}</Td><Td className="tv-mono">{e.vm}</Td>
              <Td>{e.from}</Td><Td><b>{e.to}</b></Td><Td className="tv-mono">{e.type}</Td><Td>{e.detail}</Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      {entries.length === 0 && !loading && <p className="tv-note">No migration yet.</p>}
    </section>
  );
}
