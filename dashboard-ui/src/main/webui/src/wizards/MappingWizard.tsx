// Infrastructure Mapping wizard (ManageIQ V2V): General, Clusters, Datastores, Networks (Create), Results.
import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Form, FormGroup, Modal, TextArea, TextInput, Wizard, WizardHeader, WizardStep } from '@patternfly/react-core';
import * as api from '../api';
import { describeError } from '../errors';
import { PairEditor } from './PairEditor';
import { ActionFooter } from './ActionFooter';

export function MappingWizard({ onClose, onContinue }: { onClose: () => void; onContinue: (mappingId: string) => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [clusters, setClusters] = useState<api.MappingPair[]>([]);
  const [datastores, setDatastores] = useState<api.MappingPair[]>([]);
  const [networks, setNetworks] = useState<api.MappingPair[]>([]);
  const [src, setSrc] = useState<{ clusters: string[]; datastores: string[]; networks: string[] }>({ clusters: [], datastores: [], networks: [] });
  const [created, setCreated] = useState<api.InfraMapping | null>(null);
  const [error, setError] = useState<React.ReactNode>(null);
  const [skipCheck, setSkipCheck] = useState(false);

  useEffect(() => {
    Promise.all([api.clusters(), api.datastores(), api.networks()]).then(([c, d, n]) => setSrc({
      clusters: c.map(x => x.name), datastores: d.map(x => x.name), networks: [...new Set(n.map(x => x.name))],
    })).catch(e => setError(describeError(e)));
  }, []);

  const create = async () => {
    setError(null);
    try {
      setCreated(await api.createMapping({ name: name.trim(), description: description || null, clusters, datastores, networks }, skipCheck));
      return true;
    } catch (e) {
      setError(describeError(e));
      return false;
    }
  };

  return (
    <Modal isOpen onClose={onClose} variant="large" aria-label="Create Infrastructure Mapping">
      <Wizard height={560} header={<WizardHeader title="Create Infrastructure Mapping" onClose={onClose} closeButtonAriaLabel="Close wizard" />}
        onClose={onClose}>
        <WizardStep name="General" id="map-general" footer={{ isNextDisabled: !name.trim() }}>
          <Form onSubmit={e => e.preventDefault()}>
            <FormGroup label="Name" isRequired fieldId="map-name"><TextInput id="map-name" isRequired value={name} onChange={(_e, v) => setName(v)} /></FormGroup>
            <FormGroup label="Description" fieldId="map-desc"><TextArea id="map-desc" value={description} onChange={(_e, v) => setDescription(v)} /></FormGroup>
          </Form>
        </WizardStep>
        <WizardStep name="Clusters" id="map-clusters" footer={{ isNextDisabled: clusters.length === 0 }}>
          <p className="tv-note">Source clusters → OpenStack availability zone.</p>
          <PairEditor kind="clusters" sources={src.clusters} suggestions={['nova']} pairs={clusters} onChange={setClusters} />
        </WizardStep>
        <WizardStep name="Datastores" id="map-datastores" footer={{ isNextDisabled: datastores.length === 0 }}>
          <p className="tv-note">Source datastores → Cinder volume type.</p>
          <PairEditor kind="datastores" sources={src.datastores} suggestions={['__DEFAULT__', 'rbd']} pairs={datastores} onChange={setDatastores} />
        </WizardStep>
        <WizardStep name="Networks" id="map-networks"
          footer={<ActionFooter label="Create" disabled={networks.length === 0} action={create} />}>
          <p className="tv-note">Source port groups → Neutron network. Unmapped port groups are flagged before any migration.</p>
          <PairEditor kind="networks" sources={src.networks} suggestions={['frontier-net', 'public']} pairs={networks} onChange={setNetworks} />
          <Checkbox id="map-skip-check" isChecked={skipCheck} onChange={(_e, on) => setSkipCheck(on)} style={{ marginTop: 8 }}
            label="Do not check the source names against the vCenter inventory (when discovery-service cannot answer)" />
          {error && <Alert variant="danger" isInline title="The mapping was not created">{error}</Alert>}
        </WizardStep>
        <WizardStep name="Results" id="map-results" footer={{ isBackHidden: true, nextButtonText: 'Close', onNext: onClose, isCancelHidden: true }}>
          {created && (
            <div role="status">
              <Alert variant="success" isInline title={`Infrastructure mapping ${created.name} created`} />
              <p style={{ marginTop: 12 }}>{created.clusters.length} cluster, {created.datastores.length} datastore and {created.networks.length} network mapping(s).</p>
              <Button variant="primary" style={{ marginTop: 12 }} onClick={() => onContinue(created.id)}>Continue to the Migration Plan wizard</Button>
            </div>
          )}
        </WizardStep>
      </Wizard>
    </Modal>
  );
}
