import { defineError } from '../../shared/errors.js';

export const helpErrors = {
  articleNotFound: defineError('help.article_not_found', 404, 'No such article.'),
  categoryNotFound: defineError('help.category_not_found', 404, 'No such category.'),
  sectionNotFound: defineError('help.section_not_found', 404, 'No such section.'),
  revisionNotFound: defineError('help.revision_not_found', 404, 'No such revision of this article.'),
  slugTaken: defineError('help.slug_taken', 409, 'Another item already uses this slug.'),
  notEmpty: defineError('help.not_empty', 409, 'Move or delete what it holds first.'),
  titleRequired: defineError('help.title_required', 400, 'Give a title in at least one language.'),
  editorsAdminsOnly: defineError('help.editors_admins_only', 403, 'Only admins edit the help center (an admin setting).'),
  replyNotFound: defineError('help.reply_not_found', 404, 'No such reply.'),
  csrfInvalid: defineError('help.csrf_invalid', 403, 'The form has expired; reload the page and send it again.'),
};
