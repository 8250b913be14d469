import assert from 'node:assert/strict';
import { test } from 'node:test';
import { acceptedHost, browsableHost, isAllowedOrigin, isLoopbackHost } from '../../src/serve/serveOrigin';

const served = { bindHost: '127.0.0.1', port: 5170 };

test('Host headers: IP literals and localhost on our port; never a foreign name (DNS rebinding)', () => {
  assert.deepStrictEqual(
    ['127.0.0.1:5170', 'LOCALHOST:5170', '[::1]:5170', '192.168.1.20:5170', 'evil.example:5170', '127.0.0.1:5171', '127.0.0.1', undefined, 'a b:5170'].map(
      (host) => acceptedHost(host, served),
    ),
    ['127.0.0.1:5170', 'localhost:5170', '[::1]:5170', '192.168.1.20:5170', null, null, null, null, null],
  );
});

test('Origin must be http:// plus the accepted Host', () => {
  assert.deepStrictEqual(
    [
      isAllowedOrigin('http://127.0.0.1:5170', '127.0.0.1:5170', served),
      isAllowedOrigin('http://localhost:5170', '127.0.0.1:5170', served),
      isAllowedOrigin('https://127.0.0.1:5170', '127.0.0.1:5170', served),
      isAllowedOrigin('http://evil.example:5170', 'evil.example:5170', served),
      isAllowedOrigin(undefined, '127.0.0.1:5170', served),
      isAllowedOrigin('http://labpc:5170', 'labpc:5170', { bindHost: 'labpc', port: 5170 }),
    ],
    [true, false, false, false, false, true],
  );
});

test('loopback detection and the address printed for wildcard binds', () => {
  assert.deepStrictEqual(
    [isLoopbackHost('127.0.0.1'), isLoopbackHost('::1'), isLoopbackHost('localhost'), isLoopbackHost('0.0.0.0'), isLoopbackHost('10.0.0.5')],
    [true, true, true, false, false],
  );
  assert.deepStrictEqual([browsableHost('0.0.0.0'), browsableHost('::'), browsableHost('::1'), browsableHost('10.0.0.5')], ['127.0.0.1', '127.0.0.1', '[::1]', '10.0.0.5']);
});
