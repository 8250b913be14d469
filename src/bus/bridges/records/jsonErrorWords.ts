/**
 * JSON.parse's complaint about a record, said with a character position
 * (1-based, as a text editor counts). V8 names the position for most
 * faults but not for an unexpected token, where it quotes the input
 * instead; there the position is found by parsing prefixes.
 */

/** Past this, a record's bad token is named without its position: finding it parses up to 17 prefixes. */
const MAX_SEARCHED_CHARS = 64 * 1024;

export function describeJsonError(text: string, engineMessage: string): string {
  const message = engineMessage.replace(/\.$/, '');
  if (message === 'Unexpected end of JSON input') return 'it ends before its JSON value is complete (a record cut short?)';
  const positioned = /^(.*) at position (\d+)(.*)$/.exec(message);
  if (positioned) return `${lowerFirst(positioned[1]!)} at character ${Number(positioned[2]) + 1}${positioned[3]!}`;
  if (!message.startsWith('Unexpected token') || text.length > MAX_SEARCHED_CHARS) return lowerFirst(quoteless(message));
  const at = firstBadCharacter(text);
  return at < 0 ? lowerFirst(quoteless(message)) : `unexpected ${JSON.stringify(text[at])} at character ${at + 1}`;
}

/** V8's `Unexpected token 'x', "…input…" is not valid JSON` without the quoted input, which may be long. */
function quoteless(message: string): string {
  const cut = message.indexOf(', "');
  return cut < 0 ? message : message.slice(0, cut);
}

/** Index of the character where parsing goes wrong: the shortest prefix that fails for a reason other than ending too soon. */
function firstBadCharacter(text: string): number {
  let low = 1;
  let high = text.length;
  if (!isBadWithin(text, high)) return -1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (isBadWithin(text, middle)) high = middle;
    else low = middle + 1;
  }
  return high - 1;
}

function isBadWithin(text: string, length: number): boolean {
  try {
    JSON.parse(text.slice(0, length));
    return false;
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (message.startsWith('Unexpected end')) return false;
    const position = /at position (\d+)/.exec(message);
    return position === null || Number(position[1]) < length;
  }
}

function lowerFirst(text: string): string {
  return text.length > 0 ? text[0]!.toLowerCase() + text.slice(1) : text;
}
