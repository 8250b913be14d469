/**
 * A real `ws` client of the relay for tests: connects with the token (or
 * not), keeps every frame it receives, and can stop reading its socket.
 */
import { WebSocket } from 'ws';
import { until } from './waitUntil';

export interface ConnectOptions {
  token?: string | null;
  origin?: string;
  protocols?: string[];
}

export type Refusal = { refusedWith: number; body: string };

export class RelayTestClient {
  readonly texts: Record<string, unknown>[] = [];
  readonly binaries: Buffer[] = [];
  closeCode: number | null = null;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      const bytes = data as Buffer;
      if (isBinary) this.binaries.push(bytes);
      else this.texts.push(JSON.parse(bytes.toString('utf8')) as Record<string, unknown>);
    });
    socket.on('close', (code) => {
      this.closeCode = code;
    });
  }

  /** Opens a client, or resolves with the HTTP status and body the relay refused it with. */
  static connect(port: number, options: ConnectOptions = {}): Promise<RelayTestClient | Refusal> {
    const query = options.token === null || options.token === undefined ? '' : `?token=${encodeURIComponent(options.token)}`;
    const socket = new WebSocket(`ws://127.0.0.1:${port}/${query}`, options.protocols ?? [], {
      perMessageDeflate: false,
      ...(options.origin === undefined ? {} : { origin: options.origin }),
    });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new RelayTestClient(socket)));
      socket.once('unexpected-response', (_request, response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        response.on('end', () => resolve({ refusedWith: response.statusCode ?? 0, body }));
      });
      socket.once('error', reject);
    });
  }

  static async open(port: number, options: ConnectOptions = {}): Promise<RelayTestClient> {
    const client = await RelayTestClient.connect(port, options);
    if (!(client instanceof RelayTestClient)) throw new Error(`relay refused: ${client.refusedWith} ${client.body}`);
    return client;
  }

  send(value: unknown): void {
    this.socket.send(JSON.stringify(value));
  }

  ofType(type: string): Record<string, unknown>[] {
    return this.texts.filter((text) => text['type'] === type);
  }

  /** Subscribes and waits for the relay to say the subscription is active. */
  async subscribe(field: 'channel' | 'pattern', name: string): Promise<void> {
    this.send({ type: field === 'channel' ? 'subscribe' : 'psubscribe', [field]: name });
    await until(`subscribed to ${name}`, () => this.ofType('subscribed').some((text) => text[field] === name));
  }

  /** Stops reading: the kernel's buffers fill, then the relay's writes back up. */
  stopReading(): void {
    (this.socket as unknown as { _socket: { pause(): void } })._socket.pause();
  }

  resumeReading(): void {
    (this.socket as unknown as { _socket: { resume(): void } })._socket.resume();
  }

  close(): void {
    this.socket.terminate();
  }
}
