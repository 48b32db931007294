// Migration Plan wizard (ManageIQ V2V, extended): General, VMs (search, CSV import), Advanced (mode, schedule, waves),
// Results. The plan is created when the VMs are confirmed (the CSV import needs it: the server checks every line
// against the inventory and imports all or nothing); Migrate saves the advanced settings and starts it.
import { useEffect, useMemo, useState } from 'react';
import {
  Alert, Checkbox, FileUpload, Form, FormGroup, FormSelect, FormSelectOption, Modal, NumberInput, Radio, SearchInput,
  TextArea, TextInput, Wizard, WizardHeader, WizardStep,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import * as api from '../api';
import { describeError } from '../errors';
import { natural, specs } from '../model';
import { ActionFooter } from './ActionFooter';

export function PlanWizard({ mappingId: initialMapping, vms, onClose }: {
  mappingId?: string; vms: api.InventoryVm[]; onClose: () => void;
}) {
  const [mappings, setMappings] = useState<api.InfraMapping[]>([]);
  const [mappingId, setMappingId] = useState(initialMapping ?? '');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [csv, setCsv] = useState('');
  const [csvName, setCsvName] = useState('');
  const [plan, setPlan] = useState<api.Plan | null>(null);
  const [mode, setMode] = useState<api.MigrationMode>('WARM');
  const [policy, setPolicy] = useState<api.CutoverPolicy>('NOW');
  const [cutoverAt, setCutoverAt] = useState('');
  const [waveStrategy, setWaveStrategy] = useState<'MANUAL' | 'DEPENDENCIES'>('MANUAL');
  const [waveSize, setWaveSize] = useState(5);
  const [perWave, setPerWave] = useState(5);
  const [preserveMac, setPreserveMac] = useState(true);
  const [preserveIp, setPreserveIp] = useState(false);
  const [result, setResult] = useState<api.StartResult | null>(null);
  const [error, setError] = useState<React.ReactNode>(null);

  useEffect(() => { api.mappings().then(setMappings).catch(() => {}); }, []);
  const shown = useMemo(() => vms.filter(v => v.name.toLowerCase().includes(search.toLowerCase()))
    .sort((a, b) => natural(a.name, b.name)), [vms, search]);
  const selectable = (v: api.InventoryVm) => v.powerState === 'POWERED_ON' || mode === 'COLD';

  const body = (vmList: api.PlanVm[]): api.PlanBody => ({
    name: name.trim(), description: description || null, mappingId: mappingId || null, mode,
    cutover: mode === 'COLD' ? null : { policy, at: policy === 'SCHEDULED' && cutoverAt ? new Date(cutoverAt).toISOString() : null },
    concurrency: { perWave }, waveStrategy, preserveMac, preserveIp, vms: vmList,
  });

  /** VMs step: create (or update) the plan with the picked VMs, then import the CSV into it. */
  const confirmVms = async () => {
    setError(null);
    try {
      const list = vms.filter(v => picked.has(v.id)).map(v => ({ vmId: v.id, vmName: v.name }));
      let p = plan ? await api.replacePlan(plan.id, body(list)) : await api.createPlan(body(list));
      setPlan(p);
      if (csv.trim()) {
        p = await api.importCsv(p.id, csv);
        setPlan(p);
        setPicked(new Set(p.vms.map(v => v.vmId)));
      }
      if (p.vms.length === 0) { setError('Pick at least one VM or import a CSV file.'); return false; }
      return true;
    } catch (e) {
      setError(describeError(e));
      return false;
    }
  };

  /** Advanced step: save the settings with waves, then start: the answer is immediate (202 with the job id). */
  const migrate = async () => {
    setError(null);
    try {
      const waved = plan!.vms.map((v, i) => ({ ...v, wave: waveStrategy === 'MANUAL' ? Math.floor(i / Math.max(1, waveSize)) + 1 : v.wave }));
      const saved = await api.replacePlan(plan!.id, body(waved));
      setPlan(saved);
      setResult(await api.startPlan(saved.id));
      return true;
    } catch (e) {
      setError(describeError(e));
      return false;
    }
  };

  return (
    <Modal isOpen onClose={onClose} variant="large" aria-label="Create Migration Plan">
      <Wizard height={620} header={<WizardHeader title="Create Migration Plan" onClose={onClose} closeButtonAriaLabel="Close wizard" />} onClose={onClose}>
        <WizardStep name="General" id="plan-general" footer={{ isNextDisabled: !name.trim() }}>
          <Form onSubmit={e => e.preventDefault()}>
            <FormGroup label="Infrastructure mapping" fieldId="plan-mapping">
              <FormSelect id="plan-mapping" value={mappingId} onChange={(_e, v) => setMappingId(v)}>
                <FormSelectOption value="" label="— none (the services' defaults) —" />
                {mappings.map(m => <FormSelectOption key={m.id} value={m.id} label={m.name} />)}
              </FormSelect>
            </FormGroup>
            <FormGroup label="Name" isRequired fieldId="plan-name"><TextInput id="plan-name" isRequired value={name} onChange={(_e, v) => setName(v)} /></FormGroup>
            <FormGroup label="Description" fieldId="plan-desc"><TextArea id="plan-desc" value={description} onChange={(_e, v) => setDescription(v)} /></FormGroup>
          </Form>
        </WizardStep>
        <WizardStep name="VMs" id="plan-vms" footer={<ActionFooter label="Next" disabled={picked.size === 0 && !csv.trim()} action={confirmVms} />}>
          <div className="tv-grid2">
            <div>
              <SearchInput placeholder="Search VMs by name" value={search} onChange={(_e, v) => setSearch(v)} onClear={() => setSearch('')} aria-label="Search VMs" />
              <div style={{ maxHeight: 300, overflow: 'auto', marginTop: 8 }}>
                <Table aria-label="VMs to migrate" variant="compact">
                  <Thead><Tr><Th screenReaderText="Select" /><Th>VM</Th><Th>Cluster</Th><Th>Specs</Th><Th>Power</Th></Tr></Thead>
                  <Tbody>
                    {shown.map(v => (
                      <Tr key={v.id}>
                        <Td><Checkbox id={`pick-${v.id}`} aria-label={`Select ${v.name}`} isDisabled={!selectable(v)} isChecked={picked.has(v.id)}
                          onChange={(_e, on) => setPicked(p => { const n = new Set(p); if (on) n.add(v.id); else n.delete(v.id); return n; })} /></Td>
                        <Td className="tv-mono">{v.name}</Td><Td>{v.cluster ?? v.host}</Td><Td>{specs(v.vcpus, v.memoryMb)}</Td>
                        <Td className={v.powerState === 'POWERED_ON' ? 'tv-ok' : 'tv-warn'}>{v.powerState === 'POWERED_ON' ? 'on' : 'off'}</Td>
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
              </div>
              <p className="tv-note">{picked.size} selected</p>
            </div>
            <div>
              <FormGroup label="Import VMs from a CSV file (one VM name per line, or a header: name,wave,flavor,dependsOn)" fieldId="plan-csv">
                <FileUpload id="plan-csv" type="text" value={csv} filename={csvName} filenamePlaceholder="Drop a CSV file or paste below"
                  onFileInputChange={(_e, f) => setCsvName(f.name)} onDataChange={(_e, d) => setCsv(d)}
                  onTextChange={(_e, t) => setCsv(t)} onClearClick={() => { setCsv(''); setCsvName(''); }}
                  allowEditingUploadedText browseButtonText="Upload" aria-label="CSV of VMs" />
              </FormGroup>
            </div>
          </div>
          {error && <Alert variant="danger" isInline title="The VMs were not accepted" style={{ marginTop: 8 }}>{error}</Alert>}
        </WizardStep>
        <WizardStep name="Advanced" id="plan-advanced" footer={<ActionFooter label="Migrate" action={migrate} />}>
          <Form onSubmit={e => e.preventDefault()}>
            <FormGroup role="radiogroup" label="Mode" fieldId="plan-mode" isInline>
              <Radio id="mode-warm" name="mode" label="Warm (pre-copy while running, short cutover)" isChecked={mode === 'WARM'} onChange={() => setMode('WARM')} />
              <Radio id="mode-cold" name="mode" label="Cold (power off, then copy)" isChecked={mode === 'COLD'} onChange={() => setMode('COLD')} />
            </FormGroup>
            {mode === 'WARM' && (
              <FormGroup role="radiogroup" label="Cutover" fieldId="plan-cutover" isInline>
                <Radio id="co-now" name="cutover" label="Now (after the first pre-copy)" isChecked={policy === 'NOW'} onChange={() => setPolicy('NOW')} />
                <Radio id="co-sched" name="cutover" label="Scheduled" isChecked={policy === 'SCHEDULED'} onChange={() => setPolicy('SCHEDULED')} />
                <Radio id="co-manual" name="cutover" label="Manual" isChecked={policy === 'MANUAL'} onChange={() => setPolicy('MANUAL')} />
                <Radio id="co-auto" name="cutover" label="Automatic (when the predicted downtime fits)" isChecked={policy === 'AUTO'} onChange={() => setPolicy('AUTO')} />
              </FormGroup>
            )}
            {mode === 'WARM' && policy === 'SCHEDULED' && (
              <FormGroup label="Cutover at (local time)" fieldId="plan-at">
                <TextInput id="plan-at" type="datetime-local" value={cutoverAt} onChange={(_e, v) => setCutoverAt(v)} />
              </FormGroup>
            )}
            <FormGroup role="radiogroup" label="Waves" fieldId="plan-waves" isInline>
              <Radio id="w-manual" name="waves" label="Fixed size" isChecked={waveStrategy === 'MANUAL'} onChange={() => setWaveStrategy('MANUAL')} />
              <Radio id="w-deps" name="waves" label="From dependencies (CSV dependsOn)" isChecked={waveStrategy === 'DEPENDENCIES'} onChange={() => setWaveStrategy('DEPENDENCIES')} />
            </FormGroup>
            {waveStrategy === 'MANUAL' && (
              <FormGroup label="VMs per wave" fieldId="plan-wavesize">
                <NumberInput id="plan-wavesize" value={waveSize} min={1} onMinus={() => setWaveSize(s => Math.max(1, s - 1))} onPlus={() => setWaveSize(s => s + 1)}
                  onChange={e => setWaveSize(Math.max(1, Number((e.target as HTMLInputElement).value) || 1))} inputAriaLabel="VMs per wave" />
              </FormGroup>
            )}
            <FormGroup label="At most in flight per wave" fieldId="plan-perwave">
              <NumberInput id="plan-perwave" value={perWave} min={1} onMinus={() => setPerWave(s => Math.max(1, s - 1))} onPlus={() => setPerWave(s => s + 1)}
                onChange={e => setPerWave(Math.max(1, Number((e.target as HTMLInputElement).value) || 1))} inputAriaLabel="At most in flight per wave" />
            </FormGroup>
            <FormGroup role="group" label="Addresses on the target" fieldId="plan-addressing">
              <Checkbox id="plan-preserve-mac" label="Keep each NIC's MAC address" isChecked={preserveMac}
                onChange={(_e, v) => setPreserveMac(v)}
                description="Turn off to re-address into a new subnet: Neutron chooses the MACs." />
              <Checkbox id="plan-preserve-ip" label="Keep the guest's IP address where the mapped subnet contains it" isChecked={preserveIp}
                onChange={(_e, v) => setPreserveIp(v)}
                description="Otherwise Neutron assigns one; the timeline says per NIC what was kept." />
            </FormGroup>
          </Form>
          <p className="tv-note">{plan ? `${plan.vms.length} VM(s) in plan ${plan.name}` : ''}</p>
          {error && <Alert variant="danger" isInline title="The plan was not started">{error}</Alert>}
        </WizardStep>
        <WizardStep name="Results" id="plan-results" footer={{ isBackHidden: true, nextButtonText: 'Close', onNext: onClose, isCancelHidden: true }}>
          {result && (
            <div role="status">
              <Alert variant="success" isInline title={`Plan ${plan?.name} created and in progress`}>
                {result.migrations.length} migration(s) queued, job {result.jobId}. Close the wizard to follow them in the Overview and the Monitor.
              </Alert>
              {result.preflight.findings.length > 0 && (
                <ul style={{ marginTop: 12 }} aria-label="Preflight findings">
                  {result.preflight.findings.map((f, i) => <li key={i} className={f.severity === 'WARNING' ? 'tv-warn' : ''}>{f.severity}: {f.vmName ? `${f.vmName}: ` : ''}{f.message}</li>)}
                </ul>
              )}
            </div>
          )}
        </WizardStep>
      </Wizard>
    </Modal>
  );
}
