import type { MessageOutcome } from '../../db/types.js';

/** The reply clock of one customer message, decided when it arrives (R2, R5) and never rewritten by license changes. */
export interface MessageClock {
  isWaiting: boolean;
  isGuaranteed: boolean;
  replyDueAt: number | null;
}

/**
 * A customer message waits for an answer. With a target for its kind and a guarantee it gets a
 * due time; guaranteed but targetless kinds (suggestions) and best-effort messages get none.
 */
export function startMessageClock({
  targetMinutes,
  isGuaranteed,
  computeDue,
  arrivedAt,
}: {
  targetMinutes: number | null;
  isGuaranteed: boolean;
  computeDue: (start: number, durationMs: number) => number;
  arrivedAt: number;
}): MessageClock {
  if (targetMinutes === null) return { isWaiting: true, isGuaranteed: false, replyDueAt: null };
  if (!isGuaranteed) return { isWaiting: true, isGuaranteed: false, replyDueAt: null };
  return { isWaiting: true, isGuaranteed: true, replyDueAt: computeDue(arrivedAt, targetMinutes * 60_000) };
}

/** How a waiting message ended when it was answered at `answeredAt` (R4). */
export function outcomeOfAnswer({
  replyDueAt,
  isGuaranteed,
  hasTarget,
  answeredAt,
}: {
  replyDueAt: number | null;
  isGuaranteed: boolean;
  hasTarget: boolean;
  answeredAt: number;
}): MessageOutcome {
  if (!hasTarget) return 'no_target';
  if (!isGuaranteed || replyDueAt === null) return 'best_effort';
  return answeredAt <= replyDueAt ? 'met' : 'breached';
}

/** The ticket's clock from its waiting messages: the earliest due and the earliest arrival. */
export function summarizeWaiting(waiting: readonly { arrivedAt: number; replyDueAt: number | null; isGuaranteed: boolean }[]): {
  replyDueAt: number | null;
  waitingSince: number | null;
  isGuaranteed: boolean;
} {
  let replyDueAt: number | null = null;
  let waitingSince: number | null = null;
  let isGuaranteed = false;
  for (const m of waiting) {
    if (m.replyDueAt !== null && (replyDueAt === null || m.replyDueAt < replyDueAt)) replyDueAt = m.replyDueAt;
    if (waitingSince === null || m.arrivedAt < waitingSince) waitingSince = m.arrivedAt;
    if (m.isGuaranteed) isGuaranteed = true;
  }
  return { replyDueAt, waitingSince, isGuaranteed };
}

/** Breached now: a due time that has passed while the message still waits. */
export function isBreached({ replyDueAt, now }: { replyDueAt: number | null; now: number }): boolean {
  return replyDueAt !== null && now > replyDueAt;
}
