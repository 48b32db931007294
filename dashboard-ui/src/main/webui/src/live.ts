// The live fleet: inventory, migrations, target instances, kept current by the SSE stream of state changes.
// The stream carries transitions only, so while something is in flight (byte counters move without a transition)
// and whenever the stream is down, the data is refreshed every 5 s (the seed's auto-refresh). The vCenter inventory
// (power states, which other tools change too) and the target instances have no stream: they are read every 15 s.
import { useCallback, useEffect, useRef, useState } from 'react';
import * as api from './api';
import { applyChange, isInFlight, observeRates } from './model';

export const REFRESH_MS = 5000;
const INVENTORY_EVERY_MS = 15000;

export interface Fleet {
  vms: api.InventoryVm[];
  migrations: api.Migration[];
  target: api.TargetInstance[] | null;
  flavors: api.Flavor[] | null;
  /** the most recent state changes from the stream, newest first (at most 500) */
  changes: api.StateChange[];
  lastSync: Date | null;
  /** true while the SSE stream is connected */
  live: boolean;
  loading: boolean;
  error: string | null;
  /** copy rates observed between reads (bytes/s by migration id), for the ETA */
  rates: Map<string, number>;
  refresh: (what?: { inventory?: boolean; migrations?: boolean }) => Promise<void>;
}

export function useFleet(): Fleet {
  const [vms, setVms] = useState<api.InventoryVm[]>([]);
  const [migrations, setMigrations] = useState<api.Migration[]>([]);
  const [target, setTarget] = useState<api.TargetInstance[] | null>(null);
  const [flavors, setFlavors] = useState<api.Flavor[] | null>(null);
  const [changes, setChanges] = useState<api.StateChange[]>([]);
  const [lastSync, setLastSync] = useState<Date | null>(null);
  const [live, setLive] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const inventoryAt = useRef(0);
  const inFlightRef = useRef(false);
  const targetRead = useRef(false);
  const flavorsRead = useRef(false);
  const sideReads = useRef({ target: false, flavors: false });
  const pending = useRef<number | null>(null);
  const busy = useRef<Promise<void> | null>(null);
  const migrationsRef = useRef<api.Migration[]>([]);
  const samples = useRef(new Map<string, { round: number; bytes: number; at: number }>());
  const [rates, setRates] = useState(new Map<string, number>());
  migrationsRef.current = migrations;

  const refresh = useCallback(async (what: { inventory?: boolean; migrations?: boolean } = {}) => {
    if (busy.current) { await busy.current; }
    const run = (async () => {
      try {
        const withInventory = what.inventory || Date.now() - inventoryAt.current > INVENTORY_EVERY_MS;
        const withMigrations = what.migrations ?? true;
        // the target instances with the inventory, and at every refresh until launch-service has answered once; the
        // flavor catalogue until flavor-service has. Neither holds up the migrations (they may take a while to answer).
        if ((withInventory || !targetRead.current) && !sideReads.current.target) {
          sideReads.current.target = true;
          api.targetInstances().then(t => { setTarget(t); targetRead.current = true; }, () => setTarget(null))
            .finally(() => { sideReads.current.target = false; });
        }
        if (!flavorsRead.current && !sideReads.current.flavors) {
          sideReads.current.flavors = true;
          api.flavors().then(f => { setFlavors(f); flavorsRead.current = true; }, () => {})
            .finally(() => { sideReads.current.flavors = false; });
        }
        const [ms, inv] = await Promise.all([
          withMigrations ? api.migrations() : Promise.resolve(null),
          withInventory ? api.inventoryVms() : Promise.resolve(null),
        ]);
        if (ms) {
          setMigrations(ms);
          setRates(r => { const n = new Map(r); observeRates(samples.current, ms, Date.now(), n); return n; });
          inFlightRef.current = ms.some(m => isInFlight(m.state) || m.state === 'QUEUED');
        }
        if (inv) { setVms(inv); inventoryAt.current = Date.now(); }
        setLastSync(new Date());
        setError(null);
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      } finally {
        setLoading(false);
      }
    })();
    busy.current = run;
    await run;
    busy.current = null;
  }, []);

  // first load
  useEffect(() => { void refresh({ inventory: true }); }, [refresh]);

  // the stream: apply each change at once, then fetch the full views (flavor, IP, bytes) shortly after
  useEffect(() => {
    const soon = (inventory: boolean) => {
      if (pending.current) window.clearTimeout(pending.current);
      pending.current = window.setTimeout(() => { pending.current = null; void refresh({ inventory }); }, 250);
    };
    return api.subscribeStateChanges(change => {
      setChanges(cs => [change, ...cs].slice(0, 500));
      const known = migrationsRef.current.some(m => m.id === change.migrationId);
      setMigrations(list => applyChange(list, change).list);
      setLastSync(new Date());
      // the source's power state changes at the cutover and when rolled back: read the inventory again then
      soon(!known || ['CUTTING_OVER', 'MIGRATED', 'ROLLED_BACK', 'CANCELLED'].includes(change.to));
    }, connected => {
      setLive(connected);
      if (connected) soon(true); // whatever happened while we were away
    });
  }, [refresh]);

  // the 5 s refresh: always while the stream is down, and for the byte counters while something is in flight
  useEffect(() => {
    const t = window.setInterval(() => {
      if (!live || inFlightRef.current) void refresh();
      else if (Date.now() - inventoryAt.current > INVENTORY_EVERY_MS) void refresh({ inventory: true, migrations: false });
      else if (!targetRead.current || !flavorsRead.current) void refresh({ migrations: false }); // not answered yet
    }, REFRESH_MS);
    return () => window.clearInterval(t);
  }, [live, refresh]);

  return { vms, migrations, target, flavors, changes, lastSync, live, loading, error, rates, refresh };
}
