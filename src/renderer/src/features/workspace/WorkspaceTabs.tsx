import { useRef, type KeyboardEvent } from 'react';
import { WORKSPACE_SECTIONS } from './workspaceSections';

interface WorkspaceTabsProps {
  selectedId: string;
  onSelect(id: string): void;
}

export function tabId(sectionId: string): string {
  return `workspace-tab-${sectionId}`;
}

export function panelId(sectionId: string): string {
  return `workspace-panel-${sectionId}`;
}

/** WAI-ARIA tabs: arrow keys move between tabs, Tab moves into the panel. */
export function WorkspaceTabs({ selectedId, onSelect }: WorkspaceTabsProps) {
  const listRef = useRef<HTMLDivElement>(null);

  const onKeyDown = (event: KeyboardEvent): void => {
    const index = WORKSPACE_SECTIONS.findIndex((section) => section.id === selectedId);
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    let nextIndex: number | null = null;
    if (step !== undefined) nextIndex = (index + step + WORKSPACE_SECTIONS.length) % WORKSPACE_SECTIONS.length;
    if (event.key === 'Home') nextIndex = 0;
    if (event.key === 'End') nextIndex = WORKSPACE_SECTIONS.length - 1;
    const next = nextIndex === null ? undefined : WORKSPACE_SECTIONS[nextIndex];
    if (!next) return;
    event.preventDefault();
    onSelect(next.id);
    listRef.current?.querySelector<HTMLButtonElement>(`#${tabId(next.id)}`)?.focus();
  };

  return (
    <div className="tabs" role="tablist" aria-label="Profile sections" ref={listRef} onKeyDown={onKeyDown}>
      {WORKSPACE_SECTIONS.map((section) => {
        const isSelected = section.id === selectedId;
        return (
          <button
            key={section.id}
            id={tabId(section.id)}
            type="button"
            role="tab"
            className="tab"
            aria-selected={isSelected}
            aria-controls={panelId(section.id)}
            tabIndex={isSelected ? 0 : -1}
            onClick={() => onSelect(section.id)}
          >
            {section.title}
          </button>
        );
      })}
    </div>
  );
}
