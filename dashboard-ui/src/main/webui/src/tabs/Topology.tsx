// Infrastructure Topology: datacenter → cluster → host → VM, with the datastores and networks, from discovery-service.
import { useEffect, useState } from 'react';
import { Card, CardBody, CardTitle } from '@patternfly/react-core';
import * as api from '../api';
import { bytes } from '../model';

export function TopologyTab() {
  const [topo, setTopo] = useState<api.Topology | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { api.topology().then(setTopo).catch(e => setError(String(e.message ?? e))); }, []);
  if (error) return <p className="tv-bad">{error}</p>;
  if (!topo) return <p className="tv-note">Loading the topology…</p>;
  const host = (h: api.HostNode) => (
    <li key={h.id}>🖥 <b>{h.name}</b> <span className="tv-note">({h.vms.length} VMs)</span>
      <ul>{h.vms.map(v => <li key={v.id} className="tv-mono"><span className={v.powerState === 'POWERED_ON' ? 'tv-ok' : 'tv-warn'}>●</span> {v.name} <span className="tv-note">{v.vcpus} vCPU · {v.memoryMb} MB · {bytes(v.diskBytes)}</span></li>)}</ul>
    </li>
  );
  return (
    <section aria-label="Infrastructure topology" className="tv-grid2">
      {topo.datacenters.map(dc => (
        <Card key={dc.id} isCompact>
          <CardTitle>Datacenter {dc.name} <span className="tv-note">synced {topo.syncedAt ? new Date(topo.syncedAt).toLocaleTimeString() : '—'}</span></CardTitle>
          <CardBody className="tv-tree">
            <ul style={{ paddingLeft: 0 }}>
              {dc.clusters.map(c => (
                <li key={c.id}>🗄 <b>Cluster {c.name}</b> <span className="tv-note">{c.vmCount} VMs, {c.poweredOn} powered on</span>
                  <ul>{c.hosts.map(host)}</ul></li>
              ))}
              {dc.standaloneHosts.length > 0 && <li><b>Standalone hosts</b><ul>{dc.standaloneHosts.map(host)}</ul></li>}
            </ul>
          </CardBody>
        </Card>
      ))}
      {topo.datacenters.map(dc => (
        <Card key={`${dc.id}-storage`} isCompact>
          <CardTitle>Datastores and networks of {dc.name}</CardTitle>
          <CardBody>
            <ul aria-label="Datastores">{dc.datastores.map(d => <li key={d.id} className="tv-mono">💾 {d.name} <span className="tv-note">{d.type} · {bytes(d.freeBytes)} free of {bytes(d.capacityBytes)}</span></li>)}</ul>
            <ul aria-label="Networks">{dc.networks.map(n => <li key={n.id} className="tv-mono">🔌 {n.name} <span className="tv-note">{n.kind}</span></li>)}</ul>
          </CardBody>
        </Card>
      ))}
    </section>
  );
}
