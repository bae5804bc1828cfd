import type { StreamPositions } from './positions.js';
import type { ShardInfo } from './stream-calls.js';

/**
 * The shards a stream lists and how they descend from one another. A shard may be read once its parent
 * was read to its end, or when its parent is no longer listed (trimmed away: nothing of it is left to
 * read first), so that the changes to one key come in order across splits. @internal
 */
export class ShardLineage {
  readonly #shards = new Map<string, ShardInfo>();
  /**
   * The parent of every shard listed, kept after it is no longer listed until it is forgotten: a batch
   * of a shard is handled after those of its parent even when the parent dropped out of the listings.
   */
  readonly #parents = new Map<string, string>();

  /** Whether DynamoDB lists this shard. */
  isListed(shardId: string): boolean {
    return this.#shards.has(shardId);
  }

  /** Adds or updates the shards of a listing; returns those it had not seen before. */
  add(shards: readonly ShardInfo[]): ShardInfo[] {
    const added: ShardInfo[] = [];
    for (const shard of shards) {
      if (!this.#shards.has(shard.shardId)) added.push(shard);
      this.#shards.set(shard.shardId, shard);
      if (shard.parentShardId !== undefined) this.#parents.set(shard.shardId, shard.parentShardId);
    }
    return added;
  }

  /**
   * A loop in the ancestry of these shards, which DynamoDB Streams never lists (a shard its own parent,
   * or its parent's child): the ids around it, first and last the same; undefined when there is none.
   * Such shards would wait for each other forever.
   */
  loopAmong(shards: readonly ShardInfo[]): string[] | undefined {
    for (const { shardId } of shards) {
      const path = [shardId];
      for (let parent = this.#shards.get(shardId)?.parentShardId; parent !== undefined && this.#shards.has(parent); parent = this.#shards.get(parent)?.parentShardId) {
        const seenAt = path.indexOf(parent);
        path.push(parent);
        if (seenAt !== -1) return path.slice(seenAt);
      }
    }
    return undefined;
  }

  /** Keeps only the shards of a complete listing; returns the ids of those dropped. */
  keepOnly(shards: readonly ShardInfo[]): string[] {
    const listed = new Set(shards.map((shard) => shard.shardId));
    const dropped = [...this.#shards.keys()].filter((shardId) => !listed.has(shardId));
    for (const shardId of dropped) this.#shards.delete(shardId);
    return dropped;
  }

  /** Stops keeping a shard no longer listed: the positions forgot it too. */
  forget(shardId: string): void {
    this.#parents.delete(shardId);
  }

  /** The shard and its ancestors (listed, or not forgotten yet), nearest first. */
  lineageOf(shardId: string): string[] {
    const lineage = [shardId];
    for (let parent = this.#parents.get(shardId); parent !== undefined && !lineage.includes(parent); parent = this.#parents.get(parent)) lineage.push(parent);
    return lineage;
  }

  /** Listed shards not done nor being read whose parent is done or gone, in listing order. */
  readyToRead(positions: StreamPositions, reading: ReadonlySet<string>): ShardInfo[] {
    const ready: ShardInfo[] = [];
    for (const shard of this.#shards.values()) {
      if (reading.has(shard.shardId) || positions.isDone(shard.shardId)) continue;
      const parent = shard.parentShardId;
      if (parent === undefined || positions.isDone(parent) || (!this.#shards.has(parent) && positions.get(parent) === undefined)) ready.push(shard);
    }
    return ready;
  }
}
