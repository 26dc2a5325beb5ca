import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import Value from 'typebox/value';
import { ProblemError } from '../../../kernel/errors/problem-error.ts';
import { TrackChanges } from '../track-schemas.ts';
import { receiveToTempFile } from './temp-upload-file.ts';
import { uploadMissingFile, uploadTooLarge } from './upload-problems.ts';
import { cleanFileName, type UploadedFile } from './uploaded-file.ts';

/** Multipart text fields a client may send before the file; each maps to a TrackChanges property. */
const FIELD_PARSERS: Record<string, (value: string) => unknown> = {
  title: (value) => value,
  description: (value) => value,
  genre: (value) => value,
  album: (value) => value,
  license: (value) => value,
  visibility: (value) => value,
  releaseDate: (value) => value || null,
  downloadable: (value) => value === 'true' || value === '1' || value === 'on',
  tags: (value) =>
    value
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean),
};

function validateFields(raw: Record<string, unknown>): TrackChanges | Record<string, never> {
  if (Object.keys(raw).length === 0) return {};
  if (Value.Check(TrackChanges, raw)) return raw as TrackChanges;
  const errors = [...Value.Errors(TrackChanges, raw)].map((issue) => ({
    location: `body${issue.instancePath}`,
    message: issue.message,
  }));
  throw new ProblemError(400, 'validation_failed', 'Invalid request', 'A form field is invalid', { errors });
}

/**
 * Reads a multipart upload: text fields (validated like a PATCH), then the `file` part, streamed to a
 * temporary file with the size limit enforced while it arrives. Parts after the file are ignored.
 */
export async function readMultipartUpload(
  request: FastifyRequest,
  tempDir: string,
  maxBytes: number,
): Promise<{ file: UploadedFile; fields: TrackChanges | Record<string, never> }> {
  const raw: Record<string, unknown> = {};
  let filePart: MultipartFile | undefined;
  for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 20 } })) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file') {
        part.file.resume();
        continue;
      }
      filePart = part;
      break;
    }
    const parse = FIELD_PARSERS[part.fieldname];
    if (!parse)
      throw new ProblemError(
        400,
        'validation_failed',
        'Invalid request',
        `Unknown field "${part.fieldname}"`,
      );
    raw[part.fieldname] = parse(String(part.value));
  }
  if (!filePart) throw uploadMissingFile();
  const fields = validateFields(raw);
  let received: Awaited<ReturnType<typeof receiveToTempFile>>;
  try {
    received = await receiveToTempFile(filePart.file, tempDir, maxBytes);
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw uploadTooLarge(maxBytes);
    throw error;
  }
  // Busboy stops at the limit and marks the part truncated (the counter above sees exactly the limit).
  if (filePart.file.truncated) {
    await received.discard();
    throw uploadTooLarge(maxBytes);
  }
  return {
    file: {
      ...received,
      fileName: cleanFileName(filePart.filename),
      contentType: filePart.mimetype || 'application/octet-stream',
    },
    fields,
  };
}
