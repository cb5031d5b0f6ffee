import { defineError } from '../../shared/errors.js';

export const attachmentsErrors = {
  notFound: defineError('attachments.not_found', 404, 'No such attachment.'),
  tooLarge: defineError('attachments.too_large', 413, 'The file is too large.'),
  typeNotAllowed: defineError(
    'attachments.type_not_allowed',
    415,
    'This kind of file cannot be attached. Allowed: PNG, JPEG, GIF, WebP, PDF, ZIP, and UTF-8 text (.txt, .log, .csv, .json, .xml).',
  ),
  empty: defineError('attachments.empty', 400, 'The file is empty.'),
  fileRequired: defineError('attachments.file_required', 400, 'Send one file as multipart/form-data.'),
  oneFileOnly: defineError('attachments.one_file_only', 400, 'Send one file per request.'),
  malformed: defineError('attachments.malformed', 400, 'The multipart/form-data body is malformed or cut off.'),
  multipartRequired: defineError('attachments.multipart_required', 415, 'Send the file as multipart/form-data.'),
};
