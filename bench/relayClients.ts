/**
 * The relay bench's receivers, in their own process so their work never
 * shares the measured host's event loop: N WebSocket clients of the relay
 * subscribed to one channel, and beside them the baseline, a bare ioredis
 * subscriber to the same channel. Each only counts what arrives.
 *
 *   node --import tsx bench/relayClients.ts <relayUrl> <redisPort> <channel> <clientCount> <withBaseline: 0|1>
 *
 * Prints "ready" once every subscription is confirmed; on a line "stop" on
 * stdin it prints one JSON line {perClient: number[], bare: number} and exits.
 */
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { WebSocket } from 'ws';

const [url, portText, channel, countText, baselineText] = process.argv.slice(2);
const clientCount = Number(countText);
if (!url || !channel || !(clientCount > 0)) {
  console.error('usage: relayClients.ts <relayUrl> <redisPort> <channel> <clientCount> <withBaseline: 0|1>');
  process.exit(2);
}

const counts = new Array<number>(clientCount).fill(0);
const sockets = await Promise.all(
  counts.map(
    (_, index) =>
      new Promise<WebSocket>((resolve, reject) => {
        const socket = new WebSocket(url, { perMessageDeflate: false });
        socket.once('error', reject);
        socket.on('message', (data: Buffer) => {
          // Only message frames count; the subscription's acknowledgement resolves the promise.
          if (data[9] === 0x6d) counts[index] = (counts[index] ?? 0) + 1;
          else if (data.includes('"subscribed"')) resolve(socket);
        });
        socket.once('open', () => socket.send(JSON.stringify({ type: 'subscribe', channel })));
      }),
  ),
);

let bare = 0;
const subscriber = baselineText === '1' ? new Redis({ host: '127.0.0.1', port: Number(portText), lazyConnect: true }) : null;
if (subscriber) {
  await subscriber.connect();
  subscriber.on('messageBuffer', () => bare++);
  await subscriber.subscribe(channel);
}
console.log('ready');

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() !== 'stop') continue;
  console.log(JSON.stringify({ perClient: counts, bare }));
  for (const socket of sockets) socket.terminate();
  subscriber?.disconnect();
  process.exit(0);
}
