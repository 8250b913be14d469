import { useEffect, useRef } from 'react';
import type { Profile } from '../../shared/profile';
import { useConnectionStates, useHello, useProfiles } from './api/busQueries';
import { describeError } from './api/requestError';
import { useBusEventsInCache } from './api/useBusEventsInCache';
import { Notice } from './components/Notice';
import { useAlertListRefresh } from './features/alerts/useAlerts';
import { ProfileSidebar } from './features/profiles/ProfileSidebar';
import { DemoNotice } from './features/shell/DemoNotice';
import { LinkBanner } from './features/shell/LinkBanner';
import { SecretStorageNotice } from './features/shell/SecretStorageNotice';
import { StatusBar } from './features/shell/StatusBar';
import { REMEMBERED_KEYS, useRememberedChoice } from './features/shell/useRememberedChoice';
import { WelcomePanel } from './features/shell/WelcomePanel';
import { NewProfilePage } from './features/workspace/NewProfilePage';
import { ProfileWorkspace } from './features/workspace/ProfileWorkspace';
import { DEFAULT_SECTION_ID } from './features/workspace/workspaceSections';

/** The main area's own value while the new-profile form is open (never a profile id: those are UUIDs). */
const NEW_PROFILE_CHOICE = 'new';

export function App() {
  useBusEventsInCache();
  useAlertListRefresh();
  const hello = useHello();
  const profiles = useProfiles();
  const states = useConnectionStates();
  // Both choices outlive a reload (serve mode) and a switch between profiles; null means "not chosen".
  const [chosenProfile, setChosenProfile] = useRememberedChoice(REMEMBERED_KEYS.profileId);
  const [chosenSection, setChosenSection] = useRememberedChoice(REMEMBERED_KEYS.sectionId);
  const isNewProfileOpen = chosenProfile === NEW_PROFILE_CHOICE;

  const list = profiles.data ?? [];
  // By default the first connected profile (where `--demo` traffic flows), else open demo data (a demo with no server), else the first one.
  const stateOf = (profile: Profile): string | undefined => states.data?.[profile.id]?.state;
  const firstProfile = list.find((profile) => stateOf(profile) === 'ready') ?? list.find((profile) => stateOf(profile) === 'demo') ?? list[0];
  const selected: Profile | undefined = isNewProfileOpen ? undefined : (list.find((profile) => profile.id === chosenProfile) ?? firstProfile);

  const mainRef = useRef<HTMLElement>(null);
  const viewKey = isNewProfileOpen ? NEW_PROFILE_CHOICE : (selected?.id ?? 'none');
  // The main area scrolls on its own; a different profile starts at its top, not where the last one was left.
  useEffect(() => {
    // Newer engines return a promise from scrollTo, which must not become this effect's cleanup.
    void mainRef.current?.scrollTo(0, 0);
  }, [viewKey]);

  const selectProfile = (id: string): void => setChosenProfile(id);
  const createProfile = (): void => {
    // Already on the new-profile page, the view does not change: its top is shown all the same (it stayed where it was scrolled).
    if (isNewProfileOpen) void mainRef.current?.scrollTo(0, 0);
    setChosenProfile(NEW_PROFILE_CHOICE);
  };
  const showDefault = (): void => setChosenProfile(null);

  let main;
  if (profiles.isPending) main = <p className="muted main-message">Loading profiles…</p>;
  else if (profiles.error && list.length === 0)
    main = (
      <div className="main-message">
        <Notice tone="error">{describeError(profiles.error)}</Notice>
      </div>
    );
  else if (isNewProfileOpen)
    main = <NewProfilePage onCreated={(profile) => selectProfile(profile.id)} onCancel={list.length > 0 ? showDefault : undefined} />;
  else if (selected)
    main = (
      <ProfileWorkspace
        profile={selected}
        sectionId={chosenSection ?? DEFAULT_SECTION_ID}
        onSelectSection={setChosenSection}
        onSelectProfile={selectProfile}
        onDeleted={showDefault}
      />
    );
  else main = <WelcomePanel onCreate={createProfile} onUseProfile={selectProfile} />;

  return (
    <div className="app">
      <LinkBanner />
      <DemoNotice />
      <SecretStorageNotice status={hello.data?.secretStorage} />
      <div className="app-body">
        <ProfileSidebar
          profiles={list}
          states={states.data ?? {}}
          selectedId={isNewProfileOpen ? null : (selected?.id ?? null)}
          onSelect={selectProfile}
          onCreate={createProfile}
        />
        <main className="main" ref={mainRef}>
          {main}
        </main>
      </div>
      <StatusBar hello={hello.data} isShowingDemo={selected?.isDemo === true} />
    </div>
  );
}
