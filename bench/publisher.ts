/**
 * A load generator in its own process, so publishing never shares an event
 * loop with what is measured. Usage:
 *   node --import tsx bench/publisher.ts <port> <channel> <json|msgpack-eeg> <count>
 * Publishes `count` messages as fast as Redis takes them (pipelines of 200),
 * then prints "done" and exits.
 */
import { Redis } from 'ioredis';
import { makePayload } from './payloads';

const [portText, channel, kind, countText] = process.argv.slice(2);
const port = Number(portText);
const count = Number(countText);
if (!channel || (kind !== 'json' && kind !== 'msgpack-eeg') || !Number.isInteger(port) || !Number.isInteger(count)) {
  console.error('usage: publisher.ts <port> <channel> <json|msgpack-eeg> <count>');
  process.exit(2);
}

const PIPELINE_SIZE = 200;
const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true });
await client.connect();
let sent = 0;
while (sent < count) {
  const pipeline = client.pipeline();
  const batch = Math.min(PIPELINE_SIZE, count - sent);
  for (let i = 0; i < batch; i++) pipeline.publish(channel, makePayload(kind, sent + i));
  await pipeline.exec();
  sent += batch;
}
await client.quit();
console.log('done');
