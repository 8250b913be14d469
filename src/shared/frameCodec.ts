/**
 * Frames carry typed-array columns. Threads and Electron IPC move them with
 * structured clone; a WebSocket needs bytes. This codec writes a frame as one
 * binary message: a JSON header with typed arrays replaced by references, then
 * the arrays' bytes, each aligned to 8 so the reader makes views without copying.
 *
 * Layout: "LWF1" | u32 headerLength | header JSON (UTF-8) | pad to 8 | blocks
 * (all integers little-endian; a reference's offset counts from the first block).
 *
 * Plain numbers go through JSON, so NaN and ±Infinity outside typed arrays
 * arrive as null; inside typed arrays every bit is kept.
 */

const MAGIC = 0x3146574c; // "LWF1" little-endian
const PREFIX_BYTES = 8;
const TYPED_ARRAY_KEY = '$typedArray';

type TypedArray = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;
type TypedArrayName = 'Float64Array' | 'Float32Array' | 'Int32Array' | 'Uint32Array' | 'Int16Array' | 'Uint16Array' | 'Int8Array' | 'Uint8Array';

interface TypedArrayConstructorLike {
  new (buffer: ArrayBuffer, offset: number, length: number): TypedArray;
  readonly BYTES_PER_ELEMENT: number;
}

const CONSTRUCTORS: Readonly<Record<TypedArrayName, TypedArrayConstructorLike>> = {
  Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array,
};

interface TypedArrayReference {
  [TYPED_ARRAY_KEY]: TypedArrayName;
  offset: number;
  length: number;
}

/** What a view is, by its built-in tag: survives subclasses (Buffer is a Uint8Array) and other realms. */
function typedArrayName(value: ArrayBufferView): TypedArrayName {
  const tag: unknown = (value as unknown as Record<symbol, unknown>)[Symbol.toStringTag];
  if (typeof tag === 'string' && Object.hasOwn(CONSTRUCTORS, tag)) return tag as TypedArrayName;
  throw new Error(`A frame cannot carry a ${String(tag)}.`);
}

const align8 = (n: number): number => (n + 7) & ~7;

/** Writes any JSON-like value with typed arrays inside (a BusToHostMessage) as one binary message. Throws on values it cannot carry. */
/**
 * `isPlainJson`: the caller knows `frame` holds no typed arrays (feed frames,
 * events), so the header is written without a replacer.
 * Motivation: a 2,000-message feed frame took 4.97 ms with the replacer and
 * 2.45 ms without (bench/eventLoopScenario.ts, host thread).
 */
export function encodeFrame(frame: unknown, options: { isPlainJson?: boolean } = {}): Uint8Array {
  const blocks: TypedArray[] = [];
  let blockBytes = 0;
  const header = (options.isPlainJson ? JSON.stringify(frame) : JSON.stringify(frame, (_key, value: unknown) => {
    if (!ArrayBuffer.isView(value)) return value;
    const name = typedArrayName(value);
    const array = value as TypedArray;
    const reference: TypedArrayReference = { [TYPED_ARRAY_KEY]: name, offset: blockBytes, length: array.length };
    blocks.push(array);
    blockBytes = align8(blockBytes + array.byteLength);
    return reference;
  })) as string | undefined;
  if (header === undefined) throw new Error('A frame must be a JSON value.');
  const headerBytes = new TextEncoder().encode(header);
  const blocksStart = align8(PREFIX_BYTES + headerBytes.length);
  const out = new Uint8Array(blocksStart + blockBytes);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, headerBytes.length, true);
  out.set(headerBytes, PREFIX_BYTES);
  let offset = blocksStart;
  for (const block of blocks) {
    out.set(new Uint8Array(block.buffer, block.byteOffset, block.byteLength), offset);
    offset = align8(offset + block.byteLength);
  }
  return out;
}

/**
 * Reads a message written by encodeFrame. Typed arrays are views into `bytes`'
 * buffer when it is 8-aligned (a WebSocket's ArrayBuffer is), else into one copy.
 * Throws a plain Error on malformed input.
 */
export function decodeFrame(bytes: Uint8Array): unknown {
  if (bytes.byteLength < PREFIX_BYTES) throw new Error('The frame is too short to be a Labwire frame.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new Error('The message is not a Labwire frame.');
  const headerLength = view.getUint32(4, true);
  if (PREFIX_BYTES + headerLength > bytes.byteLength) throw new Error('The frame header runs past the end of the message.');
  const header = readHeaderText(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength));
  const blocksStart = align8(PREFIX_BYTES + headerLength);
  // Views need their blocks aligned to the element size in the buffer; copy once if the message itself is not 8-aligned.
  const isAligned = (bytes.byteOffset + blocksStart) % 8 === 0;
  // Not bytes.slice(): on a Node Buffer, slice() is a view, not a copy.
  const blocks = isAligned ? bytes.subarray(blocksStart) : Uint8Array.prototype.slice.call(bytes, blocksStart);
  const buffer = blocks.buffer as ArrayBuffer;
  return parseHeader(header, (value) => {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, TYPED_ARRAY_KEY)) return value;
    const reference = value as Record<string, unknown>;
    const name = reference[TYPED_ARRAY_KEY];
    if (typeof name !== 'string' || !Object.hasOwn(CONSTRUCTORS, name)) throw new Error('The frame names a typed array Labwire does not know.');
    const Constructor = CONSTRUCTORS[name as TypedArrayName];
    const { offset, length } = reference;
    if (!isIndex(offset) || !isIndex(length) || offset % Constructor.BYTES_PER_ELEMENT !== 0)
      throw new Error('The frame has a typed array with a broken offset or length.');
    if (offset + length * Constructor.BYTES_PER_ELEMENT > blocks.byteLength) throw new Error('A typed array runs past the end of the frame.');
    return new Constructor(buffer, blocks.byteOffset + offset, length);
  });
}

function isIndex(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function readHeaderText(headerBytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch (error) {
    throw new Error('The frame header is not valid UTF-8.', { cause: error });
  }
}

/** JSON.parse runs the whole parse before the first reviver call, so a SyntaxError always means broken JSON. */
function parseHeader(header: string, revive: (value: unknown) => unknown): unknown {
  try {
    return JSON.parse(header, (_key, value: unknown) => revive(value));
  } catch (error) {
    if (error instanceof SyntaxError) throw new Error(`The frame header is not valid JSON: ${error.message}`, { cause: error });
    throw error;
  }
}
