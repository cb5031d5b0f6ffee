import fastifyMultipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { ALL_ROLES, getPrincipal } from '../../http/principal.js';
import { problemResponses, problemSchema, uuidParam } from '../../http/schemas.js';
import type { AppInstance } from '../../http/types.js';
import { isAppError } from '../../shared/errors.js';
import { attachmentsErrors } from './attachments.errors.js';
import { contentDisposition, servedContentType } from './attachments.models.js';
import { downloadResponse, uploadedSchema, uploadForm } from './attachments.schemas.js';

const tags = ['attachments'];
// Room for the multipart envelope (boundaries, part headers, a few small fields) around the file.
const ENVELOPE_BYTES = 64 * 1024;

/** Whether a parsing error is the client's (a broken or cut-off multipart body), not ours (a full disk). */
function isMalformedBody(error: unknown): boolean {
  if (isAppError(error) || (error as { syscall?: string }).syscall !== undefined) return false;
  const { code, message = '' } = error as { code?: string; message?: string };
  return code === 'ERR_STREAM_PREMATURE_CLOSE' || /multipart|unexpected end|terminated early|malformed/i.test(message);
}

/** Upload and download of attachments; multipart parsing exists only inside this plugin's scope. */
export function registerAttachmentsRoutes(app: AppInstance, { attachments, config }: AppDeps): void {
  const maxBytes = config.attachmentMaxBytes;

  void app.register(async (plugin) => {
    // The file limit is one byte over ours so that the use case sees the excess and answers 413.
    await plugin.register(fastifyMultipart, { limits: { fileSize: maxBytes + 1, files: 1, fields: 10, fieldSize: 1024, parts: 12, headerPairs: 100 } });
    const scope = plugin.withTypeProvider<ZodTypeProvider>();

    scope.post('/api/v1/attachments', {
      config: { access: { roles: ALL_ROLES } },
      schema: {
        tags,
        summary: 'Upload one file (multipart/form-data); attach it by id when opening a ticket or writing a message',
        description:
          'Allowed: PNG, JPEG, GIF, WebP, PDF and ZIP (recognised by their bytes), and UTF-8 text without NUL bytes named .txt, .log, .csv, .json or .xml. ' +
          'HTML and SVG are refused (they could run script). An upload not attached to a message within a day is deleted.',
        consumes: ['multipart/form-data'],
        body: uploadForm,
        response: { 201: uploadedSchema, ...problemResponses, 413: problemSchema, 415: problemSchema },
      },
      handler: async (request, reply) => {
        if (!request.isMultipart()) throw attachmentsErrors.multipartRequired();
        const actor = getPrincipal(request).user;
        let uploaded: Awaited<ReturnType<typeof attachments.upload>> | undefined;
        try {
          const declared = Number(request.headers['content-length']);
          if (Number.isFinite(declared) && declared > maxBytes + ENVELOPE_BYTES)
            throw attachmentsErrors.tooLarge({ message: `The file is larger than ${maxBytes} bytes.` });
          for await (const part of request.parts()) {
            if (part.type !== 'file') continue;
            uploaded = await attachments.upload({ actor, fileName: part.filename, claimedType: part.mimetype, content: part.file });
          }
        } catch (error) {
          // The rest of the body is not read: close the connection after answering rather than
          // leave it waiting (or drain whatever the client still sends).
          void reply.header('connection', 'close');
          const code = (error as { code?: string }).code;
          if (code === 'FST_FILES_LIMIT') throw attachmentsErrors.oneFileOnly();
          if (code === 'FST_REQ_FILE_TOO_LARGE') throw attachmentsErrors.tooLarge({ message: `The file is larger than ${maxBytes} bytes.` });
          if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw attachmentsErrors.fileRequired({ message: 'Send one file and few fields.' });
          if (isMalformedBody(error)) throw attachmentsErrors.malformed();
          throw error;
        }
        if (!uploaded) throw attachmentsErrors.fileRequired();
        const { attachment } = uploaded;
        return reply.code(201).send({ id: attachment.id, fileName: attachment.file_name, contentType: attachment.content_type, size: attachment.size });
      },
    });
  });

  app.get('/api/v1/attachments/:id', {
    config: { access: { roles: ALL_ROLES } },
    schema: {
      tags,
      summary: 'Download an attachment (of a ticket the caller may see, or their own upload not yet attached)',
      params: uuidParam,
      response: { 200: downloadResponse, ...problemResponses },
    },
    handler: async (request, reply) => {
      const { attachment, stream } = await attachments.openForDownload({ actor: getPrincipal(request).user, attachmentId: request.params.id });
      // A download, never a page: the browser saves it, trusts only our type, and sandboxes it if it ever renders it.
      return reply
        .headers({
          'content-type': servedContentType(attachment.content_type),
          'content-length': String(attachment.size),
          'content-disposition': contentDisposition(attachment.file_name),
          'x-content-type-options': 'nosniff',
          'content-security-policy': 'sandbox',
          'cache-control': 'private, no-store',
        })
        .send(stream as never); // a stream is piped as it is; the schema above only documents it
    },
  });
}
