/** The alerts of one profile: the list (newest first, filtered), rules, and history. */
import { useState } from 'react';
import type { Profile } from '../../../../shared/profile';
import { AlertHistoryView } from './AlertHistoryView';
import { AlertList } from './AlertList';
import { AlertRulesEditor } from './AlertRulesEditor';
import { BrowserNotificationsOffer } from './BrowserNotificationsOffer';
import './alerts.css';

type AlertsView = 'alerts' | 'rules' | 'history';
const VIEW_WORDS: Readonly<Record<AlertsView, string>> = { alerts: 'Alerts', rules: 'Rules', history: 'History' };

export function AlertsPanel({ profile }: { profile: Profile }) {
  const [view, setView] = useState<AlertsView>('alerts');
  return (
    <section className="card alerts-panel" aria-labelledby="alerts-title">
      <div className="alerts-header">
        <h2 id="alerts-title">Alerts</h2>
        <div className="alerts-views" role="tablist" aria-label="Alerts views">
          {(Object.keys(VIEW_WORDS) as AlertsView[]).map((id) => (
            <button key={id} type="button" role="tab" aria-selected={view === id} className={`button ${view === id ? 'primary' : ''}`} onClick={() => setView(id)}>
              {VIEW_WORDS[id]}
            </button>
          ))}
        </div>
        <BrowserNotificationsOffer />
      </div>
      {view === 'alerts' && <AlertList profile={profile} />}
      {view === 'rules' && <AlertRulesEditor profile={profile} />}
      {view === 'history' && <AlertHistoryView profile={profile} />}
    </section>
  );
}
