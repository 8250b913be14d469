import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { unpack } from 'msgpackr';
import { locateJsonError } from '../../src/bus/publish/jsonErrorLocation';
import { encodePayload, MAX_PUBLISH_PAYLOAD_BYTES } from '../../src/bus/publish/payloadEncoding';
import { createSeededRandom } from '../../src/bus/simulator/seededRandom';

function messageOf(text: string, encoding: 'json' | 'msgpack' | 'text' = 'json'): string {
  const result = encodePayload(text, encoding);
  assert.ok(!result.ok, `expected ${JSON.stringify(text)} to be refused`);
  return result.error.message;
}

describe('encoding a payload', () => {
  test('json and text send the UTF-8 of the text exactly as typed; msgpack packs the parsed value', () => {
    const typed = '{ "command":"start",\n  "gain": 1.50, "name": "Ünïcødé ✓ 🧪" }';
    const json = encodePayload(typed, 'json');
    const text = encodePayload('not json at all ✓', 'text');
    const msgpack = encodePayload(typed, 'msgpack');
    assert.ok(json.ok && text.ok && msgpack.ok);
    assert.deepStrictEqual([json.value, text.value, unpack(msgpack.value)], [
      Buffer.from(typed, 'utf8'),
      Buffer.from('not json at all ✓', 'utf8'),
      { command: 'start', gain: 1.5, name: 'Ünïcødé ✓ 🧪' },
    ]);
  });

  test('invalid JSON is refused with the line, column and what is wrong, in plain words', () => {
    assert.deepStrictEqual(
      [
        messageOf('{\n  "a": 1\n  "b": 2\n}'),
        messageOf('{"a":}'),
        messageOf('{"a": 1,}'),
        messageOf("{'a': 1}"),
        messageOf('{"a": "line\nbreak"}'),
        messageOf('[1, 2'),
        messageOf(''),
        messageOf('{"a": 1} x', 'msgpack'),
      ],
      [
        'The payload is not valid JSON: expected a comma or a closing } at line 3, column 3 (near `"b": 2⏎}`).',
        'The payload is not valid JSON: expected a value (a number, text in double quotes, true, false, null, { or [) at line 1, column 6 (near `}`).',
        'The payload is not valid JSON: a comma may not come right before a closing } at line 1, column 9 (near `}`).',
        "The payload is not valid JSON: expected a property name in double quotes at line 1, column 2 (near `'a': 1}`).",
        'The payload is not valid JSON: a line break or control character is inside text in quotes (write \\n for a line break) at line 1, column 12 (near `⏎break"}`).',
        'The payload is not valid JSON: the text ends before the [ is closed at line 1, column 6.',
        'The payload is empty. Type a JSON value, for example {} or "text".',
        'The payload is not valid JSON: there is more text after the end of the JSON value at line 1, column 10 (near `x`).',
      ],
    );
  });

  test('the error locator agrees with JSON.parse on valid and mutated JSON', () => {
    const random = createSeededRandom(7);
    const seeds = [
      '{"a":[1,-2.5e3,true,false,null,{"b":"c\\u00e9\\n"}],"d":{}}',
      '[[],{},"",0,-0,1E+2,"\\"\\\\\\/\\b\\f\\r\\t"]',
      ' {"nested": {"deeper": [1, [2, [3]]]}} ',
    ];
    const alphabet = ['{', '}', '[', ']', ',', ':', '"', '\\', '0', '-', '.', 'e', 't', ' ', '\n', 'x'];
    const disagreements: string[] = [];
    for (let index = 0; index < 3_000; index++) {
      const seed = seeds[index % seeds.length]!;
      const position = Math.floor(random() * seed.length);
      const insert = alphabet[Math.floor(random() * alphabet.length)]!;
      const mode = index % 3;
      const text =
        mode === 0 ? seed.slice(0, position) + insert + seed.slice(position) : mode === 1 ? seed.slice(0, position) + seed.slice(position + 1) : seed.slice(0, position);
      let isValid = true;
      try {
        JSON.parse(text);
      } catch {
        isValid = false;
      }
      if (isValid !== (locateJsonError(text) === null)) disagreements.push(text);
    }
    assert.deepStrictEqual(disagreements, []);
  });

  test('deep nesting: JSON is sent as typed, MessagePack is refused with a reason, neither throws', () => {
    const deep = '['.repeat(50_000) + ']'.repeat(50_000);
    const json = encodePayload(deep, 'json');
    assert.deepStrictEqual([json.ok, messageOf(deep, 'msgpack')], [
      true,
      'The payload nests too deeply to pack as MessagePack. Flatten it or send it as JSON.',
    ]);
  });

  test('payloads over the cap are refused by size, a broken surrogate by position', () => {
    const large = 'x'.repeat(MAX_PUBLISH_PAYLOAD_BYTES + 1);
    assert.deepStrictEqual([messageOf(large, 'text'), messageOf('ok \ud800 here', 'text')], [
      'The payload is 16 MiB; Labwire publishes at most 16 MiB at once. Shorten it or send it another way.',
      'The payload contains a broken character (half of a surrogate pair) at character 4; it cannot be sent as UTF-8. Retype or remove it.',
    ]);
  });
});
