// The one module that knows the HTTP API. Everything else imports these types and functions, so a change of the
// API is a change of this file. All calls are same-origin: the gateway forwards /api/** to migration-api and
// /api/inventory/** to discovery-service, /api/target/** to launch-service and /api/flavors/** to flavor-service.
//
// Contracts as read from the services' code (migration-api: rest/*Resource.java, service/MigrationView.java,
// engine/StateChange.java; discovery-service: inventory/rest/*.java; launch-service: rest/TargetInstanceResource.java;
// flavor-service: rest/FlavorResource.java). Who is logged in comes from the gateway itself (/ui-session.json).

export type MigrationState =
  | 'QUEUED' | 'DISCOVERING' | 'SIZING' | 'MAPPING' | 'PRECOPYING' | 'CUTTING_OVER' | 'CONVERTING'
  | 'LAUNCHING' | 'MIGRATED' | 'WAITING_CAPACITY' | 'FAILED' | 'CANCELLED' | 'ROLLED_BACK';

export type PowerState = 'POWERED_ON' | 'POWERED_OFF' | 'SUSPENDED';
export type MigrationMode = 'COLD' | 'WARM';
export type CutoverPolicy = 'NOW' | 'SCHEDULED' | 'MANUAL' | 'AUTO';

/** discovery-service VmSummary */
export interface InventoryVm {
  id: string; name: string; powerState: PowerState; datacenter: string; cluster: string | null; host: string;
  vcpus: number; memoryMb: number; guestId: string; guestFullName: string; disks: number; diskBytes: number;
  nics: number; cbtEnabled: boolean;
}

export interface InventoryVmDetail extends Omit<InventoryVm, 'disks' | 'nics'> {
  disks: { key: number; fileName: string; datastore: string; capacityBytes: number; thin: boolean }[];
  nics: { key: number; macAddress: string; portGroup: string; networkName: string; adapterType: string }[];
}

export interface Page<T> { items: T[]; page: number; size: number; total: number }

export interface Datastore { id: string; name: string; datacenter: string; capacityBytes: number; freeBytes: number; type: string }
export interface Network { id: string; name: string; datacenter: string; kind: string; key: string }
export interface HostNode { id: string; name: string; vms: InventoryVm[] }
export interface ClusterNode { id: string; name: string; vmCount: number; poweredOn: number; hosts: HostNode[] }
export interface DatacenterNode {
  id: string; name: string; clusters: ClusterNode[]; standaloneHosts: HostNode[]; datastores: Datastore[]; networks: Network[];
}
export interface Topology { syncedAt: string | null; datacenters: DatacenterNode[] }

/** migration-api MigrationView */
export interface Migration {
  id: string; planId: string | null; wave: number | null; jobId: string | null; vmId: string; vmName: string;
  mode: MigrationMode; state: MigrationState; phaseDetail: string | null; failure: string | null;
  source: { vcpus: number | null; memoryMb: number | null; diskBytes: number | null };
  target: { flavor: string | null; instanceName: string | null; ipAddresses: string[] };
  sync: { round: number; inFlight: boolean; cutoverRound: boolean; bytesTransferred: number | null; bytesTotal: number | null;
          lastRoundBytes: number | null; lastRoundSeconds: number | null; throughputBytesPerSecond: number | null;
          dirtyRateBytesPerSecond: number | null };
  cutover: { policy: CutoverPolicy | null; scheduledAt: string | null; requested: boolean; reason: string | null;
             predictedDowntimeSeconds: number | null };
  retry: { attempts: number; maxAttempts: number; nextAction: string | null; nextActionAt: string | null };
  requestedBy: string | null; createdAt: string; admittedAt: string | null; updatedAt: string; finishedAt: string | null;
  version: number;
}

export interface TimelineEntry {
  seq: number; eventId: string; type: string; source: string; occurredAt: string; recordedAt: string;
  fromState: MigrationState | null; toState: MigrationState | null; detail: string | null;
}

/** One SSE event of GET /api/fleet/events */
export interface StateChange {
  migrationId: string; planId: string | null; wave: number | null; vmId: string; vmName: string;
  from: MigrationState | null; to: MigrationState; detail: string | null; cause: string | null; at: string; version: number;
}

export interface FleetSummary {
  total: number; queued: number; migrating: number; waitingCapacity: number; migrated: number; failed: number;
  cancelled: number; rolledBack: number; sourcesPoweredOff: number; instancesCreated: number;
  byState: Record<MigrationState, number>; at: string;
}

export interface PlanVm {
  vmId: string; vmName: string; wave?: number | null; flavorOverride?: string | null; dropNics?: string[];
  cutoverAt?: string | null; dependsOn?: string[];
}
export interface PlanBody {
  name: string; description?: string | null; mappingId?: string | null; mode: MigrationMode;
  precopyInterval?: string | null;
  cutover?: { policy: CutoverPolicy; at?: string | null; window?: string | null; downtimeTarget?: string | null } | null;
  concurrency?: { total?: number | null; perWave?: number | null } | null;
  maxAttempts?: number | null; stepDelay?: string | null; onFailure?: 'CONTINUE' | 'HALT' | null;
  waveStrategy?: 'MANUAL' | 'DEPENDENCIES' | null;
  /** Keep each NIC's MAC on its target port (default true); false re-addresses into a new subnet. */
  preserveMac?: boolean | null;
  /** Keep the guest's reported IP where the mapped subnet contains it (default false). */
  preserveIp?: boolean | null;
  vms: PlanVm[];
}
export interface Plan extends Required<Pick<PlanBody, 'name' | 'mode' | 'vms'>> {
  id: string; description: string | null; mappingId: string | null; precopyInterval: string | null;
  cutover: PlanBody['cutover']; stepDelay: string | null; waves: { number: number; vms: string[] }[];
  preserveMac: boolean; preserveIp: boolean; createdAt: string; updatedAt: string;
}

export interface Finding { rule: string; severity: 'CRITICAL' | 'WARNING' | 'ADVISORY'; vmId: string | null; vmName: string | null; message: string }
export interface PreflightReport { ranAt: string; blocking: boolean; critical: number; warnings: number; advisories: number; findings: Finding[] }
export interface StartResult { jobId: string; planId: string; wave: number | null; migrations: Migration[]; skipped: string[]; preflight: PreflightReport }

export interface MappingPair { sources: string[]; target: string }
export interface MappingBody { name: string; description?: string | null; clusters: MappingPair[]; datastores: MappingPair[]; networks: MappingPair[] }
export interface InfraMapping extends MappingBody { id: string; createdAt: string; updatedAt: string; version: number }

/** launch-service GET /api/target/instances: a server of the target project that Traverse did not create */
export interface TargetInstance {
  id: string; name: string; status: string;
  flavor: { name: string; vcpus: number | null; ramMb: number | null; diskGb: number | null } | null;
  ipAddresses: string[];
  /** protected resources (ffp-vdi-* by default, or traverse-protected=true): Traverse never touches them */
  protected: boolean;
  created: string | null;
}
/** flavor-service NovaFlavor (the fields the page uses) */
export interface Flavor { name: string; vcpus: number; ramMb: number; diskGb: number }

/** RFC 9457 problem details, as every Traverse service answers errors. */
export interface Problem {
  type?: string; title?: string; status?: number; detail?: string;
  errors?: { field: string; message: string }[]; lines?: { line: number; column: string; value: string; message: string }[];
  preflight?: PreflightReport;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

async function call<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  // X-Requested-With: with login on, a call whose session has ended gets 499 instead of a redirect to the login page
  const init: RequestInit = { method, headers: { Accept: 'application/json', 'X-Requested-With': 'JavaScript' } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['Content-Type'] = contentType;
  }
  const res = await fetch(path, init);
  if (res.status === 499) {
    window.location.reload(); // the session ended: the gateway sends the page to the login page
  }
  const text = await res.text();
  const json = text ? safeJson(text) : undefined;
  if (!res.ok) {
    throw new ApiError(res.status, (json as Problem) ?? { title: res.statusText, status: res.status, detail: text });
  }
  return json as T;
}

function safeJson(text: string): unknown {
  try { return JSON.parse(text); } catch { return { detail: text }; }
}

const q = (params: Record<string, string | number | undefined | null>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const str = s.toString();
  return str ? `?${str}` : '';
};

/** Every VM of the inventory (pages of 1,000). */
export async function inventoryVms(): Promise<InventoryVm[]> {
  const all: InventoryVm[] = [];
  for (let page = 0; ; page++) {
    const p = await call<Page<InventoryVm>>('GET', `/api/inventory/vms${q({ page, size: 1000 })}`);
    all.push(...p.items);
    if (all.length >= p.total || p.items.length === 0) return all;
  }
}
export const inventoryVm = (id: string) => call<InventoryVmDetail>('GET', `/api/inventory/vms/${encodeURIComponent(id)}`);
export const topology = () => call<Topology>('GET', '/api/inventory/topology');
export const networks = () => call<Network[]>('GET', '/api/inventory/networks');
export const datastores = () => call<Datastore[]>('GET', '/api/inventory/datastores');
export const clusters = () => call<{ id: string; name: string; datacenter: string }[]>('GET', '/api/inventory/clusters');

/** Every migration that is not archived by a Reset (pages of 500), newest first. */
export async function migrations(filter: { state?: MigrationState[]; planId?: string } = {}): Promise<Migration[]> {
  const all: Migration[] = [];
  for (let page = 0; ; page++) {
    const params = new URLSearchParams({ page: String(page), size: '500' });
    filter.state?.forEach(s => params.append('state', s));
    if (filter.planId) params.set('planId', filter.planId);
    const p = await call<Page<Migration>>('GET', `/api/migrations?${params}`);
    all.push(...p.items);
    if (all.length >= p.total || p.items.length === 0) return all;
  }
}
export const migration = (id: string) => call<Migration>('GET', `/api/migrations/${id}`);
export const timeline = (id: string) => call<TimelineEntry[]>('GET', `/api/migrations/${id}/timeline`);
export const fleetSummary = () => call<FleetSummary>('GET', '/api/fleet/summary');
export const retry = (id: string) => call<Migration>('POST', `/api/migrations/${id}/retry`);
export const cancel = (id: string, reason?: string) => call<Migration>('POST', `/api/migrations/${id}/cancel`, { reason: reason ?? null });
/** for a failed (or migrated, or cancelled) migration: removes what Traverse created, powers the source back on */
export const rollback = (id: string) => call<Migration>('POST', `/api/migrations/${id}/rollback`);
export const cutover = (id: string) => call<Migration>('POST', `/api/migrations/${id}/cutover`);
export const reset = () => call<{ reset: number }>('POST', '/api/admin/reset');

export const plans = () => call<Plan[]>('GET', '/api/plans');
export const createPlan = (body: PlanBody) => call<Plan>('POST', '/api/plans', body);
export const replacePlan = (id: string, body: PlanBody) => call<Plan>('PUT', `/api/plans/${id}`, body);
export const importCsv = (id: string, csv: string, replace = false) =>
  call<Plan>('POST', `/api/plans/${id}/vms/import${q({ replace: replace ? 'true' : undefined })}`, csv, 'text/csv');
export const preflight = (id: string, wave?: number) => call<PreflightReport>('POST', `/api/plans/${id}/preflight${q({ wave })}`);
export const startPlan = (id: string, wave?: number) => call<StartResult>('POST', `/api/plans/${id}/start${q({ wave })}`);

export const mappings = () => call<InfraMapping[]>('GET', '/api/mappings');
/** skipInventoryCheck: admins only, for when discovery-service cannot answer and they know the names are right */
export const createMapping = (body: MappingBody, skipInventoryCheck = false) =>
  call<InfraMapping>('POST', `/api/mappings${q({ skipInventoryCheck: skipInventoryCheck ? 'true' : undefined })}`, body);

/** The target project's existing workloads (launch-service). */
export const targetInstances = () => call<TargetInstance[]>('GET', '/api/target/instances');
/** The flavor catalogue flavor-service matches against. */
export const flavors = async () => (await call<{ loadedAt: string; flavors: Flavor[] }>('GET', '/api/flavors')).flavors;

export interface UiConfig { product: string; title: string }
export const uiConfig = () => call<UiConfig>('GET', '/ui-config.json');

export type Role = 'viewer' | 'operator' | 'admin';
/** Who is logged in (gateway). Without login: authMode none, no user, every role (migration-api allows everything). */
export interface Session { authMode: 'oidc' | 'none'; user: string | null; roles: Role[]; logoutPath: string | null }
export const session = () => call<Session>('GET', '/ui-session.json');

/**
 * Subscribes to the state-change stream. Calls onChange per event, onStatus with true when connected and false when
 * the connection is lost (EventSource then reconnects by itself). Returns the unsubscribe function.
 */
export function subscribeStateChanges(onChange: (c: StateChange) => void, onStatus: (connected: boolean) => void): () => void {
  if (typeof EventSource === 'undefined') { onStatus(false); return () => {}; }
  const es = new EventSource('/api/fleet/events');
  es.onopen = () => onStatus(true);
  es.onerror = () => onStatus(false);
  es.onmessage = (m) => {
    try { onChange(JSON.parse(m.data) as StateChange); } catch { /* not a state change: ignore */ }
  };
  return () => es.close();
}
