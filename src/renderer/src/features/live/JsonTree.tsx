import { memo, useState, type ReactNode } from 'react';
import { toVisibleText } from '../../../../shared/displayText';
import { countWords, formatCount } from '../../../../shared/countWords';

/** Children rendered per object or array before a "show more" button; a closed node renders none. */
const CHILDREN_PER_STEP = 200;
/** Levels open when the tree first shows. */
const OPEN_DEPTH = 2;

/**
 * A decoded JSON or MessagePack value as a collapsible tree. Keys and
 * strings are text nodes with invisible characters made visible; nothing is
 * ever rendered as HTML.
 */
export const JsonTree = memo(function JsonTree({ value }: { value: unknown }) {
  return (
    <ul className="json-tree" aria-label="Decoded value">
      <JsonNode name={null} value={value} depth={0} />
    </ul>
  );
});

interface JsonNodeProps {
  name: string | null;
  value: unknown;
  depth: number;
}

function JsonNode({ name, value, depth }: JsonNodeProps) {
  const label = name === null ? null : <span className="json-key">{toVisibleText(name)}: </span>;
  if (value === null || typeof value !== 'object' || isBinary(value)) {
    return (
      <li className="json-leaf">
        {label}
        <JsonLeaf value={value} />
      </li>
    );
  }
  return <JsonBranch label={label} value={value} depth={depth} />;
}

function JsonBranch({ label, value, depth }: { label: ReactNode; value: object; depth: number }) {
  const [isOpen, setIsOpen] = useState(depth < OPEN_DEPTH);
  const [shownCount, setShownCount] = useState(CHILDREN_PER_STEP);
  const isArray = Array.isArray(value);
  const entries: [string, unknown][] = isArray ? (value as unknown[]).map((item, index) => [String(index), item]) : Object.entries(value);
  const summary = isArray ? `[${countWords(entries.length, 'item')}]` : `{${countWords(entries.length, 'field')}}`;
  return (
    <li className="json-branch">
      <details open={isOpen} onToggle={(event) => setIsOpen(event.currentTarget.open)}>
        <summary>
          {label}
          <span className="json-summary">{summary}</span>
        </summary>
        {isOpen && (
          <ul>
            {entries.slice(0, shownCount).map(([key, child]) => (
              <JsonNode key={key} name={key} value={child} depth={depth + 1} />
            ))}
            {entries.length > shownCount && (
              <li className="json-more">
                <button type="button" className="compact" onClick={() => setShownCount(shownCount + CHILDREN_PER_STEP)}>
                  Show {formatCount(Math.min(CHILDREN_PER_STEP, entries.length - shownCount))} more of {formatCount(entries.length - shownCount)}
                </button>
              </li>
            )}
          </ul>
        )}
      </details>
    </li>
  );
}

function JsonLeaf({ value }: { value: unknown }) {
  if (value === null) return <span className="json-null">null</span>;
  if (isBinary(value)) {
    const bytes = value.$binary.length / 2;
    return (
      <span className="json-binary" title="Binary data inside the message, shown as hex">
        binary {countWords(bytes, 'byte')}: {value.$binary}
      </span>
    );
  }
  switch (typeof value) {
    case 'string':
      return <span className="json-string">&quot;{toVisibleText(value)}&quot;</span>;
    case 'number':
      return <span className="json-number">{String(value)}</span>;
    case 'boolean':
      return <span className="json-boolean">{String(value)}</span>;
    default:
      return <span>{toVisibleText(String(value))}</span>;
  }
}

function isBinary(value: unknown): value is { $binary: string } {
  return typeof value === 'object' && value !== null && typeof (value as { $binary?: unknown }).$binary === 'string';
}
