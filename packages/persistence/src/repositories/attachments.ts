import { createHash } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AttachmentContentEntity } from '../entities/attachment-content.entity';

/** The hex sha256 an attachment is stored under. */
export function attachmentSha256(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Attachment bytes stored once per tenant and content hash; emails name them by hash. */
export class AttachmentContents {
  constructor(private readonly db: DataSource) {}

  /** Stores each content unless the tenant already has it; answers their hashes, in order. */
  async store(m: EntityManager, tenantId: string, contents: Uint8Array[]): Promise<string[]> {
    const hashes = contents.map(attachmentSha256);
    const unique = new Map(hashes.map((sha256, i) => [sha256, Buffer.from(contents[i]!)]));
    if (unique.size > 0) {
      await m
        .createQueryBuilder()
        .insert()
        .into(AttachmentContentEntity)
        .values([...unique].map(([sha256, content]) => ({ tenantId, sha256, content, size: content.length })))
        .orIgnore()
        .execute();
    }
    return hashes;
  }

  /** The tenant's contents of these hashes (a hash it does not have is absent from the map). */
  async load(tenantId: string, hashes: string[]): Promise<Map<string, Buffer>> {
    if (hashes.length === 0) return new Map();
    const rows = await this.db
      .getRepository(AttachmentContentEntity)
      .findBy({ tenantId, sha256: In([...new Set(hashes)]) });
    return new Map(rows.map((r) => [r.sha256, r.content]));
  }
}
