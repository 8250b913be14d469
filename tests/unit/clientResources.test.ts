import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ClientResources, type OwnedResource } from '../../src/bus/clientResources';

const plot = (id: string): OwnedResource => ({ kind: 'plot', id });

describe('client resources', () => {
  test("a client's release ends its things only, once, and keeps going past a release that throws", () => {
    const resources = new ClientResources();
    const released: string[] = [];
    const errors: string[] = [];
    resources.claim('a', plot('p1'), () => released.push('p1'));
    resources.claim('a', plot('p2'), () => {
      throw new Error('p2 broke');
    });
    resources.claim('a', plot('p3'), () => released.push('p3'));
    resources.claim('b', plot('p4'), () => released.push('p4'));
    const counts = [
      resources.releaseClient('b', (error) => errors.push(String(error))),
      resources.releaseClient('a', (error) => errors.push(String(error))),
      resources.releaseClient('a'),
      resources.releaseClient('never-seen'),
    ];
    assert.deepStrictEqual(
      { counts, released, errors, owned: [resources.ownedBy('a'), resources.ownedBy('b')] },
      { counts: [1, 3, 0, 0], released: ['p4', 'p1', 'p3'], errors: ['Error: p2 broke'], owned: [[], []] },
    );
  });

  test('a forgotten resource is never released; a claimed-again one has one owner, the newest', () => {
    const resources = new ClientResources();
    const released: string[] = [];
    resources.claim('a', plot('p1'), () => released.push('p1 by a'));
    resources.claim('a', plot('p2'), () => released.push('p2 by a'));
    resources.forget(plot('p1'));
    resources.claim('b', plot('p2'), () => released.push('p2 by b'));
    const ownership = [resources.isOwnedBy('a', plot('p2')), resources.isOwnedBy('b', plot('p2')), resources.isOwnedBy('a', plot('p1'))];
    const releasedWithA = [resources.releaseClient('a'), ...released];
    resources.releaseClient('b');
    assert.deepStrictEqual(
      { ownership, releasedWithA, released },
      { ownership: [false, true, false], releasedWithA: [0], released: ['p2 by b'] },
    );
  });
});
