import { useEffect, useState, type RefObject } from 'react';

export interface ElementSize {
  width: number;
  height: number;
}

/** The element's content size in CSS pixels, settled for `debounceMs` after the last change (resizes redraw canvases). */
export function useElementSize(ref: RefObject<HTMLElement | null>, debounceMs = 120): ElementSize | null {
  const [size, setSize] = useState<ElementSize | null>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let isFirst = true;
    const observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (!box) return;
      const next = { width: Math.floor(box.width), height: Math.floor(box.height) };
      const apply = (): void => setSize((previous) => (previous?.width === next.width && previous.height === next.height ? previous : next));
      clearTimeout(timer);
      // The first size is needed at once to create the chart; later ones wait until the resize settles.
      if (isFirst) {
        isFirst = false;
        apply();
      } else {
        timer = setTimeout(apply, debounceMs);
      }
    });
    observer.observe(element);
    return () => {
      clearTimeout(timer);
      observer.disconnect();
    };
  }, [ref, debounceMs]);
  return size;
}
