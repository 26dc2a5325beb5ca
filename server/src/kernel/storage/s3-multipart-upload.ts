import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';

/**
 * One S3 multipart upload fed part by part, with a few parts in flight for throughput. `add` waits while
 * the window is full, so a fast source is held back and memory stays at about (window + 1) parts.
 * A failed part surfaces on the next `add` or on `complete`; the caller then calls `abort`, otherwise S3
 * keeps (and bills) the uploaded parts.
 */
export class MultipartUpload {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly completed: CompletedPart[] = [];
  private nextPartNumber = 1;
  private failure: { error: unknown } | undefined;

  private constructor(
    private readonly client: S3Client,
    private readonly target: { Bucket: string; Key: string; UploadId: string },
    private readonly window: number,
  ) {}

  static async start(
    client: S3Client,
    target: { Bucket: string; Key: string; ContentType?: string },
    window = 4,
  ): Promise<MultipartUpload> {
    const { UploadId } = await client.send(new CreateMultipartUploadCommand(target));
    if (!UploadId) throw new Error(`S3 returned no upload id for ${target.Key}`);
    return new MultipartUpload(client, { Bucket: target.Bucket, Key: target.Key, UploadId }, window);
  }

  async add(part: Buffer): Promise<void> {
    this.throwIfFailed();
    const PartNumber = this.nextPartNumber++;
    const command = new UploadPartCommand({
      ...this.target,
      PartNumber,
      Body: part,
      ContentLength: part.length,
    });
    // The rejection is caught here and rethrown from add/complete: a part failing while nobody awaits it
    // must not become an unhandled rejection.
    const upload: Promise<void> = this.client.send(command).then(
      ({ ETag }) => {
        this.completed.push({ PartNumber, ETag });
      },
      (error: unknown) => {
        this.failure ??= { error };
      },
    );
    this.inFlight.add(upload);
    void upload.finally(() => this.inFlight.delete(upload));
    while (this.inFlight.size >= this.window) await Promise.race(this.inFlight);
    this.throwIfFailed();
  }

  async complete(): Promise<void> {
    await Promise.all(this.inFlight);
    this.throwIfFailed();
    const Parts = [...this.completed].sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
    await this.client.send(
      new CompleteMultipartUploadCommand({ ...this.target, MultipartUpload: { Parts } }),
    );
  }

  /** Best effort: the original error matters more than a failed abort (a bucket lifecycle rule sweeps up). */
  async abort(): Promise<void> {
    await Promise.allSettled(this.inFlight);
    await this.client.send(new AbortMultipartUploadCommand(this.target)).catch(() => undefined);
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
