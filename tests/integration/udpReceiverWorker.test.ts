/**
 * The UDP link's worker thread seen from outside: commands leave from the
 * listening socket (so a device that answers its sender reaches the bridge),
 * and stop() ends the worker and frees the port.
 */
import assert from 'node:assert/strict';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { after, describe, test } from 'node:test';
import { defaultUdpSettings, type UdpSettings } from '../../src/shared/bridges';
import type { BridgeLink, LinkChunk } from '../../src/bus/bridges/bridgeLink';
import { createUdpLink } from '../../src/bus/bridges/udp/udpLink';
import { until } from '../support/waitUntil';

async function boundSocket(port = 0): Promise<{ socket: Socket; port: number }> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', () => resolve());
  });
  return { socket, port: socket.address().port };
}

async function freeUdpPort(): Promise<number> {
  const { socket, port } = await boundSocket();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

describe('UDP link receiver worker', () => {
  const links: BridgeLink[] = [];
  const sockets: Socket[] = [];
  after(async () => {
    await Promise.all(links.map((link) => link.stop()));
    for (const socket of sockets) socket.close();
  });

  async function openLink(settings: Partial<UdpSettings>): Promise<{ link: BridgeLink; chunks: LinkChunk[]; port: number }> {
    const port = await freeUdpPort();
    const link = createUdpLink({ ...defaultUdpSettings(), listenPort: port, ...settings });
    links.push(link);
    const chunks: LinkChunk[] = [];
    link.onData((chunk) => chunks.push(chunk));
    link.start();
    await until('the link to listen', () => link.status().state === 'open');
    return { link, chunks, port };
  }

  test('a command leaves from the listening port, so the device answer to its sender comes back as data', async () => {
    const device = await boundSocket();
    sockets.push(device.socket);
    const heard: { text: string; from: RemoteInfo }[] = [];
    device.socket.on('message', (bytes, from) => {
      heard.push({ text: bytes.toString(), from });
      device.socket.send(Buffer.from(`ack ${bytes.toString()}`), from.port, from.address);
    });
    const { link, chunks, port } = await openLink({ commandHost: '127.0.0.1', commandPort: device.port });
    const result = await link.write(Buffer.from('PUMP 3'));
    await until('the answer', () => chunks.length >= 1);
    assert.deepEqual(
      { result, heard: heard.map((h) => [h.text, h.from.port]), answers: chunks.map((chunk) => chunk.bytes.toString()), drops: link.droppedChunks?.() },
      { result: { ok: true, value: { bytesWritten: 6 } }, heard: [['PUMP 3', port]], answers: ['ack PUMP 3'], drops: { chunks: 0, bytes: 0 } },
    );
  });

  test('stop() ends the worker and frees the port; a stopped link sends nothing, and starts again on the same port', async () => {
    const device = await boundSocket();
    sockets.push(device.socket);
    const { link, chunks, port } = await openLink({ commandHost: '127.0.0.1', commandPort: device.port });
    await link.stop();
    const takeover = await boundSocket(port);
    await new Promise<void>((resolve) => takeover.socket.close(resolve));
    const refused = await link.write(Buffer.from('LED ON'));
    link.start();
    await until('the link to listen again', () => link.status().state === 'open');
    device.socket.send(Buffer.from('again'), port, '127.0.0.1');
    await until('a datagram after the restart', () => chunks.length >= 1);
    assert.deepEqual(
      { takeoverPort: takeover.port, refused: refused.ok ? null : refused.error.code, received: chunks.map((chunk) => chunk.bytes.toString()) },
      { takeoverPort: port, refused: 'NOT_CONNECTED', received: ['again'] },
    );
  });
});
