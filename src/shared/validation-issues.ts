// Validation problems as codes with parameters, so a client can say them in its own language
// ("at most {{maximum}} characters") instead of showing the server's English.
import type { ErrorParams } from './errors.js';

/** Every code a validation issue may carry besides a feature's own (a refinement's `params.code`). */
export const VALIDATION_ISSUE_CODES = [
  'validation.required',
  'validation.invalid_type',
  'validation.too_short',
  'validation.too_long',
  'validation.too_few',
  'validation.too_many',
  'validation.too_small',
  'validation.too_big',
  'validation.invalid_email',
  'validation.invalid_format',
  'validation.invalid_value',
  'validation.unknown_fields',
  'validation.nothing_to_change',
  'validation.invalid',
] as const;
export type ValidationIssueCode = (typeof VALIDATION_ISSUE_CODES)[number];

/** One problem in a request, by the path of the field it names. */
export interface ValidationIssue {
  path: string;
  message: string;
  code: string;
  params?: ErrorParams;
}

/** What fastify-type-provider-zod passes on of a Zod issue: its code and the issue's other fields. */
interface ZodIssueLike {
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

const SIZE_CODES: Record<string, { small: ValidationIssueCode; big: ValidationIssueCode }> = {
  string: { small: 'validation.too_short', big: 'validation.too_long' },
  array: { small: 'validation.too_few', big: 'validation.too_many' },
  set: { small: 'validation.too_few', big: 'validation.too_many' },
};

function scalar(value: unknown): string | number | undefined {
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

/** The code and parameters of one Zod issue. */
export function codeOfZodIssue(issue: ZodIssueLike): { code: string; params?: ErrorParams } {
  const p = issue.params ?? {};
  switch (issue.keyword) {
    case 'invalid_type':
      // A missing field reads "undefined" where a value was expected.
      return /received undefined/.test(issue.message ?? '') ? { code: 'validation.required' } : { code: 'validation.invalid_type' };
    case 'too_small':
    case 'too_big': {
      const origin = typeof p.origin === 'string' ? p.origin : 'number';
      const codes = SIZE_CODES[origin];
      const limit = scalar(issue.keyword === 'too_small' ? p.minimum : p.maximum);
      const code = codes
        ? issue.keyword === 'too_small'
          ? codes.small
          : codes.big
        : issue.keyword === 'too_small'
          ? 'validation.too_small'
          : 'validation.too_big';
      // "at least 1 character" is what people read as "required".
      if (code === 'validation.too_short' && limit === 1) return { code: 'validation.required' };
      return { code, params: limit === undefined ? undefined : { limit } };
    }
    case 'invalid_format':
      return p.format === 'email' ? { code: 'validation.invalid_email' } : { code: 'validation.invalid_format', params: { format: String(p.format ?? '') } };
    case 'invalid_value':
      return { code: 'validation.invalid_value', params: Array.isArray(p.values) ? { values: p.values.map(String).join(', ') } : undefined };
    case 'unrecognized_keys':
      return { code: 'validation.unknown_fields', params: Array.isArray(p.keys) ? { fields: p.keys.map(String).join(', ') } : undefined };
    case 'custom': {
      // A refinement names its own code (and parameters) in `params`.
      const own = (p.params ?? {}) as Record<string, unknown>;
      if (typeof own.code === 'string') {
        const { code, ...rest } = own;
        const params = Object.fromEntries(Object.entries(rest).flatMap(([key, value]) => (scalar(value) === undefined ? [] : [[key, scalar(value)!]])));
        return { code, params: Object.keys(params).length > 0 ? params : undefined };
      }
      return { code: 'validation.invalid' };
    }
    default:
      return { code: 'validation.invalid' };
  }
}

/** A Zod issue as `safeParse` reports it (the fields the mapping reads). */
export interface ZodIssueInput {
  code: string;
  message: string;
  [key: string]: unknown;
}

/** A Zod issue from `safeParse` as a coded issue at `path`. */
export function toValidationIssue({ issue, path }: { issue: ZodIssueInput; path: string }): ValidationIssue {
  const { code: keyword, message, ...rest } = issue;
  const { code, params } = codeOfZodIssue({ keyword, message, params: rest });
  return { path, message, code, ...(params && { params }) };
}
