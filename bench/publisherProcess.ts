/** Starts bench/publisher.ts in its own process and reports what it sent. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PayloadKind } from './payloads';

const PUBLISHER_PATH = fileURLToPath(new URL('./publisher.ts', import.meta.url));

export interface PublisherReport {
  sent: number;
  replies: number;
  elapsedMs: number;
}

export type PublisherJob =
  | { mode: 'flood'; port: number; channel: string; kind: PayloadKind; count: number }
  | { mode: 'rate'; port: number; channel: string; perSecond: number; durationMs: number };

export function startPublisher(job: PublisherJob): Promise<PublisherReport> {
  const args =
    job.mode === 'flood'
      ? ['flood', String(job.port), job.channel, job.kind, String(job.count)]
      : ['rate', String(job.port), job.channel, 'json', String(job.perSecond), String(job.durationMs)];
  const child = spawn(process.execPath, ['--import', 'tsx', PUBLISHER_PATH, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => (output += text));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`The publisher exited with code ${code}.`));
      else resolve(JSON.parse(output.trim().split('\n').pop() ?? '{}') as PublisherReport);
    });
  });
}
