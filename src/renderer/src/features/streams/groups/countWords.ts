/** "1 entry", "3 entries": counts on screen read as sentences. Pure. */
export function countOf(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
