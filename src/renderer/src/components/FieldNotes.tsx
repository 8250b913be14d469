/** The hint and the problem shown under a labelled field, and the ids the field points at with aria-describedby. */
export function fieldNoteIds(id: string, hint: string | undefined, problem: string | undefined): { hintId?: string; problemId?: string; describedBy?: string } {
  const hintId = hint ? `${id}-hint` : undefined;
  const problemId = problem ? `${id}-problem` : undefined;
  const describedBy = [problemId, hintId].filter(Boolean).join(' ') || undefined;
  return { hintId, problemId, describedBy };
}

export function FieldNotes({ id, hint, problem }: { id: string; hint?: string | undefined; problem?: string | undefined }) {
  const { hintId, problemId } = fieldNoteIds(id, hint, problem);
  return (
    <>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {problem && (
        <p id={problemId} className="field-problem">
          {problem}
        </p>
      )}
    </>
  );
}
