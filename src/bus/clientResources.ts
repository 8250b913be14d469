/**
 * Who owns what in the bus. Whatever a client opens (plots now; stream
 * tails, relays and recordings later) is claimed here under the client id
 * its host gave the request, with the function that releases it. When the
 * host says the client is gone (a browser tab closed, a desktop page
 * reloaded or crashed), everything it still owns is released, whichever host
 * it came through. A resource that ends by itself (closed by its owner, or
 * with its profile) is forgotten here, so a release never runs twice.
 *
 * Bounded by what it tracks: one entry per live resource, and each feature
 * caps its resources (MAX_PLOTS_PER_PROFILE for plots).
 */
import type { ClientId } from '../shared/contract';

/** A thing a client opened. The union grows with the features that open things ('streamTail', 'relay', 'recording'). */
export type OwnedResource = { kind: 'plot'; id: string };

interface Claim {
  clientId: ClientId;
  release: () => void;
}

export class ClientResources {
  /** Keyed by resourceKey(); each resource has exactly one owner. */
  private readonly claims = new Map<string, Claim>();
  private readonly keysByClient = new Map<ClientId, Set<string>>();

  /**
   * `clientId` owns `resource` from now on; `release` ends it when the client
   * goes. A resource claimed again (an id reused by its feature) changes owner.
   */
  claim(clientId: ClientId, resource: OwnedResource, release: () => void): void {
    const key = resourceKey(resource);
    this.forget(resource);
    this.claims.set(key, { clientId, release });
    let keys = this.keysByClient.get(clientId);
    if (!keys) {
      keys = new Set();
      this.keysByClient.set(clientId, keys);
    }
    keys.add(key);
  }

  /** The resource ended by itself; nobody owns it any more. */
  forget(resource: OwnedResource): void {
    const key = resourceKey(resource);
    const claim = this.claims.get(key);
    if (!claim) return;
    this.claims.delete(key);
    const keys = this.keysByClient.get(claim.clientId);
    keys?.delete(key);
    if (keys?.size === 0) this.keysByClient.delete(claim.clientId);
  }

  isOwnedBy(clientId: ClientId, resource: OwnedResource): boolean {
    return this.claims.get(resourceKey(resource))?.clientId === clientId;
  }

  /** Resources `clientId` owns now, for diagnostics and tests. */
  ownedBy(clientId: ClientId): OwnedResource[] {
    return [...(this.keysByClient.get(clientId) ?? [])].map(resourceOf);
  }

  /**
   * Releases everything `clientId` owns and returns how many things that
   * was. One release that throws does not keep the others alive; the error
   * goes to `onError`. Releasing a client that owns nothing does nothing.
   */
  releaseClient(clientId: ClientId, onError: (error: unknown) => void = () => undefined): number {
    const keys = [...(this.keysByClient.get(clientId) ?? [])];
    this.keysByClient.delete(clientId);
    let released = 0;
    for (const key of keys) {
      const claim = this.claims.get(key);
      if (!claim) continue;
      this.claims.delete(key);
      released++;
      try {
        claim.release();
      } catch (error) {
        onError(error);
      }
    }
    return released;
  }
}

function resourceKey(resource: OwnedResource): string {
  return JSON.stringify([resource.kind, resource.id]);
}

function resourceOf(key: string): OwnedResource {
  const [kind, id] = JSON.parse(key) as [OwnedResource['kind'], string];
  return { kind, id };
}
