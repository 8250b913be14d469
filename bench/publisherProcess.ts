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

/**
 * A publisher that has not finished by then is killed and the run fails in
 * words, rather than waiting for ever (a bench run once sat idle for 13
 * minutes after its first lines; bench/README, session 8).
 */
const PUBLISHER_LIMIT_MS = 180_000;

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
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The ${job.mode} publisher to ${job.channel} on port ${job.port} did not finish within ${PUBLISHER_LIMIT_MS / 1000} s (its output so far: ${JSON.stringify(output.slice(-200))}).`));
    }, PUBLISHER_LIMIT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`The publisher exited with code ${code}.`));
      else resolve(JSON.parse(output.trim().split('\n').pop() ?? '{}') as PublisherReport);
    });
  });
}
