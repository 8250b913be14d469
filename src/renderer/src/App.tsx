import { useEffect, useRef, useState } from 'react';
import type { Profile } from '../../shared/profile';
import { useConnectionStates, useHello, useProfiles } from './api/busQueries';
import { describeError } from './api/requestError';
import { useBusEventsInCache } from './api/useBusEventsInCache';
import { Notice } from './components/Notice';
import { ProfileSidebar } from './features/profiles/ProfileSidebar';
import { LinkBanner } from './features/shell/LinkBanner';
import { SecretStorageNotice } from './features/shell/SecretStorageNotice';
import { StatusBar } from './features/shell/StatusBar';
import { WelcomePanel } from './features/shell/WelcomePanel';
import { NewProfilePage } from './features/workspace/NewProfilePage';
import { ProfileWorkspace } from './features/workspace/ProfileWorkspace';

/** What the main area shows: one profile, the new-profile form, or the first profile by default. */
type Selection = { kind: 'profile'; id: string } | { kind: 'new' } | { kind: 'default' };

export function App() {
  useBusEventsInCache();
  const hello = useHello();
  const profiles = useProfiles();
  const states = useConnectionStates();
  const [selection, setSelection] = useState<Selection>({ kind: 'default' });

  const list = profiles.data ?? [];
  // By default the first connected profile (where `--demo` traffic flows), else the first one.
  const firstProfile = list.find((profile) => states.data?.[profile.id]?.state === 'ready') ?? list[0];
  const selected: Profile | undefined =
    selection.kind === 'profile' ? list.find((profile) => profile.id === selection.id) ?? firstProfile : selection.kind === 'default' ? firstProfile : undefined;

  const mainRef = useRef<HTMLElement>(null);
  const viewKey = selection.kind === 'new' ? 'new' : (selected?.id ?? 'none');
  // The main area scrolls on its own; a different profile starts at its top, not where the last one was left.
  useEffect(() => {
    // Newer engines return a promise from scrollTo, which must not become this effect's cleanup.
    void mainRef.current?.scrollTo(0, 0);
  }, [viewKey]);

  const selectProfile = (id: string): void => setSelection({ kind: 'profile', id });
  const createProfile = (): void => setSelection({ kind: 'new' });

  let main;
  if (profiles.isPending) main = <p className="muted main-message">Loading profiles…</p>;
  else if (profiles.error && list.length === 0)
    main = (
      <div className="main-message">
        <Notice tone="error">{describeError(profiles.error)}</Notice>
      </div>
    );
  else if (selection.kind === 'new')
    main = <NewProfilePage onCreated={(profile) => selectProfile(profile.id)} onCancel={list.length > 0 ? () => setSelection({ kind: 'default' }) : undefined} />;
  else if (selected)
    main = <ProfileWorkspace profile={selected} onSelectProfile={selectProfile} onDeleted={() => setSelection({ kind: 'default' })} />;
  else main = <WelcomePanel onCreate={createProfile} />;

  return (
    <div className="app">
      <LinkBanner />
      <SecretStorageNotice status={hello.data?.secretStorage} />
      <div className="app-body">
        <ProfileSidebar
          profiles={list}
          states={states.data ?? {}}
          selectedId={selection.kind === 'new' ? null : (selected?.id ?? null)}
          onSelect={selectProfile}
          onCreate={createProfile}
        />
        <main className="main" ref={mainRef}>
          {main}
        </main>
      </div>
      <StatusBar hello={hello.data} />
    </div>
  );
}
