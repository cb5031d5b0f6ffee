export const SESSION_COOKIE = 'sd_session';
/** A session's expiry slides forward on use, at most once per this interval (fewer writes). */
export const SESSION_TOUCH_INTERVAL_MS = 60 * 60_000;
