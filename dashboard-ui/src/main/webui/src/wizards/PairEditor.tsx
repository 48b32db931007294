// One step of the mapping wizard: pairs of 1+ source names → one target name.
import { useState } from 'react';
import { Button, Checkbox, TextInput } from '@patternfly/react-core';
import type { MappingPair } from '../api';

export function PairEditor({ kind, sources, suggestions, pairs, onChange }: {
  kind: string; sources: string[]; suggestions: string[]; pairs: MappingPair[]; onChange: (p: MappingPair[]) => void;
}) {
  const [picked, setPicked] = useState<string[]>([]);
  const [target, setTarget] = useState('');
  const used = new Set(pairs.flatMap(p => p.sources));
  const free = sources.filter(s => !used.has(s));
  const listId = `sugg-${kind.replace(/\W/g, '')}`;
  return (
    <div>
      <div className="tv-grid2">
        <fieldset aria-label={`Source ${kind}`}>
          <legend><b>Source {kind}</b></legend>
          {free.length === 0 && <p className="tv-note">Every source is mapped.</p>}
          {free.map(s => (
            <Checkbox key={s} id={`src-${kind}-${s}`} label={<span className="tv-mono">{s}</span>} isChecked={picked.includes(s)}
              onChange={(_e, on) => setPicked(p => on ? [...p, s] : p.filter(x => x !== s))} />
          ))}
        </fieldset>
        <div>
          <label htmlFor={`tgt-${kind}`}><b>Target</b></label>
          <TextInput id={`tgt-${kind}`} value={target} onChange={(_e, v) => setTarget(v)} list={listId} aria-label={`Target for the selected ${kind}`} />
          <datalist id={listId}>{suggestions.map(s => <option key={s} value={s} />)}</datalist>
          <Button style={{ marginTop: 8 }} variant="secondary" isDisabled={picked.length === 0 || !target.trim()}
            onClick={() => { onChange([...pairs, { sources: picked, target: target.trim() }]); setPicked([]); setTarget(''); }}>
            Add mapping
          </Button>
        </div>
      </div>
      <ul aria-label={`${kind} mappings`} style={{ marginTop: 12 }}>
        {pairs.map((p, i) => (
          <li key={i} className="tv-mono">
            {p.sources.join(', ')} → <b>{p.target}</b>{' '}
            <Button variant="link" isInline isDanger onClick={() => onChange(pairs.filter((_, j) => j !== i))} aria-label={`Remove mapping to ${p.target}`}>remove</Button>
          </li>
        ))}
      </ul>
    </div>
  );
}
