/**
 * What makes an ioredis XREAD reader promote its replies, without Redis or
 * ioredis: a loop of "commands", each an object that holds its promise's
 * resolve and a reject, resolved from a later macrotask (as a socket's
 * data event does) with a reply shaped as XREAD's (1,000 entries, three
 * Buffer views each), the reply awaited and read.
 *
 * Variants (argv[2]):
 * - 'arrow': an arrow closure made in the method that fills the command, stored on it as `reject`
 *   (ioredis 5.11's Command#initPromise stores `this.reject = (err) => {...}` the same way);
 * - 'native': the promise's own reject function stored instead;
 * - 'helper': an arrow closure made by a separate function that captures nothing, stored as `reject`;
 * - 'helper-owner': the same, capturing the command, stored after the native reject was stored first.
 *
 * Run under `node --trace-gc-nvp --import tsx bench/streamTailClosureGc.ts <variant> [rounds]`
 * and summarize with `node --import tsx bench/streamTailGcTrace.ts <log> 1000000 reading:`
 * (bench/README.md, "Session 11 (tailgc)").
 */
export {};

const variants = ['arrow', 'native', 'helper', 'helper-owner'] as const;
type Variant = (typeof variants)[number];
const variant: Variant = variants.find((name) => name === process.argv[2]) ?? 'arrow';
const rounds = Number(process.argv[3] ?? 2_000);
const ENTRIES = 1_000;

type Reply = [Buffer, [Buffer, Buffer[]][]][];

function capturingNothing(): (error: Error) => void {
  return () => undefined;
}

function capturing(owner: FakeCommand): (error: Error) => FakeCommand {
  return () => owner;
}

class FakeCommand {
  promise!: Promise<Reply>;
  resolve!: (reply: Reply) => void;
  reject!: (error: Error) => unknown;

  constructor() {
    this.initPromise();
  }

  private initPromise(): void {
    this.promise = new Promise<Reply>((resolve, reject) => {
      this.resolve = resolve;
      if (variant === 'arrow') this.reject = (error: Error) => reject(error);
      else this.reject = reject;
    });
    if (variant === 'helper') this.reject = capturingNothing();
    else if (variant === 'helper-owner') this.reject = capturing(this);
  }
}

/** One socket chunk's worth of bytes that every reply's views point into, as redis-parser's do. */
const chunk = Buffer.alloc(65_536);

function makeReply(): Reply {
  const items = new Array<[Buffer, Buffer[]]>(ENTRIES);
  for (let index = 0; index < ENTRIES; index++) items[index] = [chunk.subarray(index, index + 15), [chunk.subarray(index, index + 4), chunk.subarray(index, index + 200)]];
  return [[chunk.subarray(0, 5), items]];
}

let pending: FakeCommand | null = null;

function answer(): void {
  const command = pending;
  pending = null;
  command?.resolve(makeReply());
}

console.log(`reading: ${variant}`);
let entries = 0;
for (let round = 0; round < rounds; round++) {
  const command = new FakeCommand();
  pending = command;
  setImmediate(answer);
  const reply = await command.promise;
  entries += reply[0]![1].length;
}
if (entries !== rounds * ENTRIES) throw new Error(`Read ${entries} entries, expected ${rounds * ENTRIES}.`);
console.log(`${variant}: ${entries.toLocaleString('en-US')} entries`);
