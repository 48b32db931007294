// The shell: header with branding, last sync and the refresh indicator; the tabs; hash routing (#/monitor, ...).
import { useEffect, useState } from 'react';
import { Tab, Tabs, TabTitleText } from '@patternfly/react-core';
import * as api from './api';
import { useFleet, REFRESH_MS } from './live';
import { Monitor } from './monitor/Monitor';
import { NetworkMapping } from './tabs/NetworkMapping';
import { TopologyTab } from './tabs/Topology';
import { TimelineTab } from './tabs/Timeline';
import { Posture } from './tabs/Posture';
import { Overview } from './wizards/Overview';
import { highestRole, LOADING, SessionContext } from './session';

const TABS = [
  { key: 'monitor', title: 'Migration Monitor' },
  { key: 'overview', title: 'Plans & Mappings' },
  { key: 'network', title: 'Network Mapping' },
  { key: 'topology', title: 'Infrastructure Topology' },
  { key: 'timeline', title: 'Migration Timeline' },
  { key: 'posture', title: 'Posture' },
] as const;
type TabKey = typeof TABS[number]['key'];

const fromHash = (): TabKey => {
  const k = window.location.hash.replace(/^#\/?/, '').split('/')[0];
  return (TABS.find(t => t.key === k)?.key ?? 'monitor');
};

export function App() {
  const [tab, setTab] = useState<TabKey>(fromHash);
  const [brand, setBrand] = useState<api.UiConfig>({ product: 'FFP', title: 'Migration Monitor' });
  const [session, setSession] = useState<api.Session>(LOADING);
  const fleet = useFleet();

  useEffect(() => { api.uiConfig().then(c => { setBrand(c); document.title = `${c.product} ${c.title}`; }).catch(() => {}); }, []);
  useEffect(() => { api.session().then(setSession).catch(() => setSession(LOADING)); }, []);
  useEffect(() => {
    const on = () => setTab(fromHash());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);

  return (
    <SessionContext.Provider value={session}>
    <div className="tv-app">
      <header className="tv-header" role="banner">
        <div className="tv-brand">
          <span className="tv-brand-product" data-testid="brand-product">{brand.product}</span>
          <span className="tv-brand-title" data-testid="brand-title">{brand.title}</span>
        </div>
        <span className="tv-header-spacer" />
        <div className="tv-sync" aria-live="off">
          <span data-testid="last-sync">Last sync: {fleet.lastSync ? fleet.lastSync.toLocaleTimeString() : '—'}</span>
          {fleet.live
            ? <span className="tv-live" title="State changes are pushed by the server (SSE); counters refresh every 5 s while migrations run">
                <span className="tv-live-dot" aria-hidden="true" /> Live · auto-refresh {REFRESH_MS / 1000} s
              </span>
            : <span className="tv-live" title="The event stream is not connected: polling every 5 s">
                <span className="tv-refresh-ring" aria-hidden="true" /> Auto-refresh {REFRESH_MS / 1000} s (polling)
              </span>}
        </div>
        <UserBadge session={session} />
      </header>
      <nav className="tv-nav" aria-label="Views">
        <Tabs activeKey={tab} onSelect={(_e, k) => { window.location.hash = `#/${k}`; setTab(k as TabKey); }}
          aria-label="Views" mountOnEnter unmountOnExit>
          {TABS.map(t => <Tab key={t.key} eventKey={t.key} title={<TabTitleText>{t.title}</TabTitleText>} />)}
        </Tabs>
      </nav>
      <main className="tv-main">
        {fleet.error && <div className="tv-bad" role="alert">API: {fleet.error}</div>}
        {tab === 'monitor' && <Monitor fleet={fleet} />}
        {tab === 'overview' && <Overview fleet={fleet} />}
        {tab === 'network' && <NetworkMapping fleet={fleet} />}
        {tab === 'topology' && <TopologyTab />}
        {tab === 'timeline' && <TimelineTab fleet={fleet} />}
        {tab === 'posture' && <Posture fleet={fleet} />}
      </main>
    </div>
    </SessionContext.Provider>
  );
}

/** Who is logged in, with their role and Log out; or that login is off (a development stack). */
function UserBadge({ session }: { session: api.Session }) {
  if (session.authMode === 'none') {
    return <span className="tv-user" data-testid="user" title="TRAVERSE_AUTH_MODE=none: a development stack without login">Login off · all roles</span>;
  }
  return (
    <span className="tv-user" data-testid="user">
      <span data-testid="user-name">{session.user}</span>
      <span className="tv-role" data-testid="user-role">{highestRole(session) ?? 'no role'}</span>
      {session.logoutPath && <a className="tv-logout" href={session.logoutPath}>Log out</a>}
    </span>
  );
}
